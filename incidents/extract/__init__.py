"""One article in, the incidents it reports out.

The package, one job per module, in the order the data flows:

- :mod:`~incidents.extract.deadline`: how long one article may take;
- :mod:`~incidents.extract.records`: the values passed between the stages (``Mention``,
  ``Sentence``);
- :mod:`~incidents.extract.event_type`: the event words and the types they give, with ACLED's
  definitions;
- :mod:`~incidents.extract.places`: place spotting, resolution and roles;
- :mod:`~incidents.extract.sentences`: sentence analysis;
- :mod:`~incidents.extract.grouping`: sentences into incidents;
- :mod:`~incidents.extract.assembly`: the ``Incident`` record of a group;
- :mod:`~incidents.extract.merge`: passes over an article's incidents (same event told twice);
- :mod:`~incidents.extract.article`: :func:`extract_incidents`, the whole.

The word lists shared with :mod:`incidents.casualties` are in :mod:`incidents.lexicon`.

:func:`extract_incidents` reads sentence by sentence:

1. **Event sentences.** A sentence reports an event when it names one (attack, rocket,
   drone strike, IED, clash...; :data:`TRIGGERS` gives the ACLED-aligned ``event_type`` and the
   ``weapon``) or states casualties. Sentences about attacks in general ("une série
   d'attaques", "a spate of attacks", a bare plural) found nothing on their own.
2. **Places** come from the spaCy pipeline of :mod:`incidents.nlp` and get a role from the
   words before them: ``launch_site`` ("lancée depuis", "fired from"), ``target`` ("vers",
   "contre", "visant", "aimed at"), ``context`` (countries, "au nord de Bagdad", a city that
   only qualifies the place before it: "zone verte de Bagdad", "Camp Taji, Iraq"), else
   ``location``. Each is resolved with ``resolver.resolve(mention, country_hint=...)``, the hint
   being the country the article's places point to most.
3. **Grouping.** A sentence joins an incident already found when their dates agree (one
   contains the other) and they share a place, or when it adds to the last incident without
   a place of its own ("La roquette a été lancée depuis...", "12 additional personnel were
   wounded"). A sentence opening on a definite anaphor with the same weapon ("The missiles
   struck...", "L'attaque a visé...", also after "X said") continues the incident before, giving
   it the place it lacked; so does a located sentence with the same weapon after an unlocated
   one. "une autre attaque", "another attack", "In response", a different date or place, a
   weapon the incident did not use doing something, or a dated sentence about another kind of
   event starts a new incident; an aside (", two days after a similar attack killed...") is its
   own incident dated from its sentence's. A headline joins the first incident of the body.
4. **Fields.** The incident's place is its best resolved location (else its target); dates,
   killed and injured come from its sentences (counts of the same incident told twice are
   not added up, a later "also"/"another"/"aussi" count is); its id hashes source, date, place
   as written and event type. A sentence naming far-apart places each hit ("struck Ain
   al-Asad air base and a facility in Erbil", "hit bases in Erbil, Balad and Taji") gives one
   incident per place, of the same attack; a count the places share stays with the first.

**Time.** The work is linear in the article's length: spaCy gets pieces of at most
:data:`incidents.nlp.MAX_PARSE_CHARS` characters, each event or casualty word reads a window
of fixed size around it, and a sentence is compared with the last ``_LOOKBACK_GROUPS``
incidents only. :data:`ARTICLE_DEADLINE_S` bounds what is left (a text spaCy parses slowly,
thousands of place names to resolve): past it, :class:`~incidents.errors.ArticleTimeoutError`.
"""

from incidents.extract.article import extract_incidents
from incidents.extract.deadline import ARTICLE_DEADLINE_S
from incidents.extract.event_type import TRIGGERS
from incidents.extract.places import PlaceResolver

__all__ = ["ARTICLE_DEADLINE_S", "TRIGGERS", "PlaceResolver", "extract_incidents"]
