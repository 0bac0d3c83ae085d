"""Word lists of the two languages the extraction reads, shared by its modules."""

from __future__ import annotations

# Armed or state forces as what an attack hit (ACLED: violence against them is an armed clash,
# "attack" is violence against civilians): who was killed ("12 soldiers", "5 morts parmi les
# militaires") or what was attacked ("attaque contre un poste de police", "attacked a base").
ARMED_FORCES = {
    "fr": r"soldats?|militaires?|gendarmes?|policiers?|douaniers?|gardes?\s+nationa\w+|"
    r"casques?\s+bleus?|troupes?|forces\s+(?:armées|de\s+(?:sécurité|défense)|spéciales)|armée|"
    r"bataillons?|garnisons?|patrouilles?|convois?\s+militaires?|convois?|"
    r"postes?(?:\s+(?:militaires?|de\s+(?:police|gendarmerie|contrôle)|frontali\w+|avancés?))?|"
    r"check-?points?|bases?(?:\s+(?:militaires?|aériennes?))?|camps?\s+militaires?|casernes?|"
    r"positions?\s+(?:de\s+l'armée|militaires?)",
    "en": r"soldiers?|troops?|servicem[ae]n|service\s*members?|army|military|"
    r"police(?:m[ae]n|\s+officers?|\s+posts?|\s+stations?)?|security\s+(?:forces|personnel)|"
    r"peacekeepers?|garrisons?|patrols?|convoys?|check-?points?|(?:air\s*)?bases?|outposts?|"
    r"barracks|(?:army|military|border|police)\s+posts?|battalions?|brigades?|marines?",
}

# Nouns of a round count that make an event word singular: "une douzaine de roquettes".
COUNT_NOUNS = frozenset({"douzaine", "douzaines", "dozen", "dozens", "dizaine", "centaine"})
# Words :func:`incidents.casualties.parse_count` reads as one that count nothing before an
# event word: "une attaque", "an attack", "d'une roquette".
INDEFINITE_ARTICLES = frozenset({"un", "une", "a", "an", "de", "des", "d'une", "d'un"})

# Counts that tell no number: "several", "dozens", "plusieurs".
VAGUE_COUNTS = frozenset(
    {
        "several",
        "many",
        "some",
        "dozens",
        "scores",
        "numerous",
        "plusieurs",
        "nombreux",
        "nombreuses",
        "dizaines",
        "centaines",
        "quelques",
    }
)

# "une centaine de soldats", "more than a dozen people": a round count after an article.
ROUND_COUNTS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "centaine": 100,
    "dozen": 12,
    "hundred": 100,
}
ARTICLE_ONE = frozenset({"un", "une", "a", "an", "one"})

# Days and months of both languages: a capitalised one ("Lundi, une embuscade...", "May") is
# never a place, whatever the model or the gazetteer's fuzzy match says ("Lundi" is no "Lund").
CALENDAR_WORDS = frozenset(
    {
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août",
        "aout", "septembre", "octobre", "novembre", "décembre", "decembre",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    }
)  # fmt: skip
