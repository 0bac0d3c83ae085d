"""One article in, the incidents it reports out (:func:`extract_incidents`)."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace

from incidents.coordinates import stated_point
from incidents.extract.assembly import assemble_incident, incident_id, like_the_one_before
from incidents.extract.deadline import ARTICLE_DEADLINE_S, Deadline
from incidents.extract.grouping import group_sentences, split_group
from incidents.extract.merge import (
    at_stated_point,
    placed_by_area,
    placeless_into_earlier,
    retold_into_first,
    same_day_into_first,
    with_losses,
    without_passing_history,
    without_restatements,
)
from incidents.extract.places import PlaceResolver, topic_place
from incidents.extract.sentences import analyse_sentences
from incidents.infobox import infobox_losses
from incidents.model import Article, Incident
from incidents.nlp import Parsed, country_forms, parse

log = logging.getLogger(__name__)


def extract_incidents(
    article: Article,
    *,
    nlp,
    resolver: PlaceResolver,
    deadline_s: float | None = ARTICLE_DEADLINE_S,
    parsed: Parsed | None = None,
) -> list[Incident]:
    """Return the incidents ``article`` reports, in the order the text tells them.

    Parameters
    ----------
    article : Article
        From :func:`incidents.article.read_article` or ``article_from_text``.
    nlp : spacy.language.Language
        The pipeline of :func:`incidents.nlp.load_pipeline` for ``article.language``.
    resolver :
        ``geo.resolve``'s resolver: ``resolve(mention, *, country_hint=None, near=None)``.
    deadline_s : float or None, optional
        Seconds the extraction may take (:data:`ARTICLE_DEADLINE_S`); None for no limit.
    parsed : Parsed, optional
        ``nlp``'s analysis of ``article.text`` when the caller parsed it already (many
        articles at once, :func:`incidents.nlp.parse_many`); parsed here when None.

    Returns
    -------
    list of Incident
        Incidents whose place could not be resolved are kept with ``place=None``.

    Raises
    ------
    ArticleTimeoutError
        When the extraction runs past ``deadline_s``. The time is checked between the
        chunks spaCy parses, the places resolved, the sentences read and the incidents
        grouped, so it stops soon after the deadline, never mid-way through a library call.
    """
    deadline = Deadline.start(article.source, deadline_s)
    if parsed is None:
        parsed = parse(nlp, article.text, check=lambda: deadline.check("parsing it"))
    countries = country_forms(nlp)
    sentences = analyse_sentences(article, parsed, resolver, countries, deadline, nlp=nlp)
    everything = [m for sentence in sentences for m in sentence.mentions]
    starts = [m.start for m in everything]
    topic = topic_place(sentences)
    incidents: list[Incident] = []
    for group in group_sentences(sentences, article, deadline):
        deadline.check("assembling its incidents")
        group, rest = split_group(group, language=article.language)
        first = like_the_one_before(
            assemble_incident(group, article, everything, starts, topic), incidents
        )
        incidents.append(first)
        while rest is not None:  # "hit bases in Erbil, Balad and Taji": one incident each
            deadline.check("assembling its incidents")
            group, rest = split_group(rest, language=article.language)
            other = assemble_incident(group, article, everything, starts, topic)
            incidents.append(
                replace(
                    other,
                    id=incident_id(
                        article.source, first.date, other.place_mention, first.event_type
                    ),
                    date=first.date,
                    date_precision=first.date_precision,
                    event_type=first.event_type,
                    weapon=first.weapon,
                )
            )
    incidents = placeless_into_earlier(incidents)
    incidents = retold_into_first(incidents)
    incidents = without_restatements(incidents)
    incidents = same_day_into_first(incidents)
    incidents = without_passing_history(incidents)
    losses = infobox_losses(article.text)
    if losses is not None and incidents:
        incidents = with_losses(incidents, losses, topic.text if topic else None)
    point = stated_point(article.text)
    if (
        point is not None
        and topic is not None
        and (topic.place is None or placed_by_area(topic.place, topic.text))
    ):
        incidents = at_stated_point(incidents, point, topic.text, everything)
    seen: Counter[str] = Counter()
    unique = []
    for incident in incidents:
        seen[incident.id] += 1
        if seen[incident.id] > 1:  # same source, date, place and type twice: keep both apart
            incident = replace(incident, id=f"{incident.id}-{seen[incident.id]}")
        unique.append(incident)
    log.info("%s: %d incidents", article.source, len(unique))
    return unique
