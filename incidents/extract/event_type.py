"""The event types, in one place: the event words of each language (:data:`TRIGGERS`), the kind
each gives, and the rules that turn an incident's kinds into its type (:func:`incident_type`).

The types follow ACLED's sub-event types (the ACLED Codebook, acleddata.com knowledge base,
2023, updated 2024; its event types are defined there as: *Battles*, a violent interaction
between two politically organised armed groups at a given time and place; *Explosions/Remote
violence*, one-sided violence in which the weapon takes away the target's ability to respond;
*Violence against civilians*, an organised armed group deliberately inflicting violence on
unarmed non-combatants). The names are :data:`incidents.model.EVENT_TYPES`, each mapped to its
ACLED sub-event type by :data:`incidents.model.KIND_TO_ACLED`; the project's names on the left:

======================================  =================================================
type                                    ACLED (event type: sub-event type, definition)
======================================  =================================================
``armed clash``                         Battles: Armed clash -- armed, organised groups
                                        fight each other; an ambush or an attack on
                                        soldiers, police or an armed post, base or
                                        convoy is one, and so are attackers killed
                                        where no civilian victim is told.
``attack``                              Violence against civilians: Attack -- an organised
                                        armed group attacks unarmed, non-combatant people.
``abduction/kidnapping``                Violence against civilians: Abduction/forced
                                        disappearance.
``air/drone strike``                    Explosions/Remote violence: Air/drone strike --
                                        aircraft or drones; missiles or bombs dropped or
                                        fired from them count here. Explosions told in a
                                        wave of strikes are the strikes', not a bomb.
``shelling/artillery/missile attack``   Explosions/Remote violence: Shelling/artillery/
                                        missile attack -- long-range weapons from the ground.
``remote explosive/landmine/IED``       Explosions/Remote violence: Remote explosive/
                                        landmine/IED -- a bomb set off remotely or by its
                                        victim (a French "attentat" with no gun told).
``suicide bomb``                        Explosions/Remote violence: Suicide bomb (coded as
                                        the battle when it opens or is part of one).
``grenade``                             Explosions/Remote violence: Grenade.
``foiled or attempted attack``          Strategic developments: Disrupted weapons use --
                                        a weapon intercepted, defused or an attack foiled
                                        with nothing getting through.
======================================  =================================================

ACLED counts every death of an event, the attackers' own included.
"""

from __future__ import annotations

import re

from incidents.casualties import tells_attackers_killed
from incidents.extract.records import Sentence
from incidents.lexicon import ARMED_FORCES

# (pattern, weapon, kind). Kinds rank into an event type, see _EVENT_TYPE_BY_KIND.
TRIGGERS: dict[str, list[tuple[str, str | None, str]]] = {
    "fr": [
        (r"roquettes?|katioucha|katyusha", "rocket", "shelling"),
        (r"fusées?", "rocket", "shelling"),
        (r"projectiles?", None, "shelling"),
        (r"missiles?", "missile", "shelling"),
        (r"obus|tirs?\s+d'artillerie", "artillery", "shelling"),
        (
            r"bombardements?|pilonnages?|bombard(?:é|ée|és|ées|er|ent|aient|ait)|pilonn(?:é|ée|és|ées|er|ent|aient|ait)",
            None,
            "shelling",
        ),
        (r"mortiers?", "mortar", "shelling"),
        (r"drones?", "drone", "air"),
        (
            # "frappes de missiles" are the missiles' (as "missile strikes"): no air strike
            r"frappes?\s+aériennes?|frappes?(?!\s+(?:de|d['’])\s*(?:missiles?|roquettes?|"
            r"artillerie|obus|mortiers?)\b)|raids?\s+aériens?|bombardements?\s+aériens?|"
            r"avions?\s+de\s+(?:chasse|combat|guerre)|chasseurs?\s+bombardiers?|"
            r"avions?\s+(?:militaires?|russes?|syriens?|du\s+régime|gouvernementaux)|"
            r"(?:l')?aviation\s+(?:russe|syrienne|militaire|du\s+régime|gouvernementale)|"
            r"hélicoptères?\s+de\s+combat",
            None,
            "air",
        ),
        (
            r"engins?\s+explosifs?(?:\s+improvisés?)?|EEI|IED|bombes?|voitures?\s+piégées?|"
            r"explosions?|explos(?:é|ée|és|ées|er)|détonations?|à\s+l'explosif|"
            r"saut(?:é|ée|és|ées)\s+sur\s+(?:une?\s+)?mines?|mines?\s+(?:artisanales?|"
            r"antipersonnel|anti-?chars?|terrestres?)",
            "explosive",
            "ied",
        ),
        (
            r"kamikazes?|attentats?-suicides?|attentats?\s+suicides?|ceintures?\s+explosives?|"
            r"gilets?\s+explosifs?|(?:s'est|se\s+sont)\s+fait\s+exploser",
            "explosive",
            "suicide",
        ),
        (r"grenades?", "grenade", "grenade"),
        (
            r"affrontements?|combats?|échanges?\s+de\s+tirs|accrochages?|fusillades?|"
            r"(?:se\s+sont\s+)?affront(?:é|és|ées)",
            None,
            "clash",
        ),
        (
            r"attaques?|attentats?|attaqu(?:é|ée|és|ées|er|ait|aient)|assauts?|embuscades?|ouvert\s+le\s+feu|"
            r"(?:hommes|individus)\s+armés|assaillants|massacres?|abattu(?:e|s|es)?\s+par",
            None,
            "attack",
        ),
        (r"déjou(?:é|ée|és|ées|er)|avort(?:é|ée)|tentatives?\s+d'attaque", None, "foiled"),
        (
            r"intercept(?:é|ée|és|ées|ion)|détruite?s?\s+en\s+vol|"
            r"(?:drones?|missiles?|roquettes?|projectiles?)(?:\s+[\w']+){0,3}?\s+été\s+abattue?s?"
            r"(?!\s+(?:sur|par)\b)|abattu(?:e|s|es)?\s+(?:[\w']+\s+){1,2}?"
            r"(?:drones?|missiles?|roquettes?)",
            None,
            "intercepted",
        ),
        (
            r"enlev(?:é|ée|és|ées|er|ait|aient)|enlèvements?|kidnapp(?:é|ée|és|ées|ing)|"
            r"rapts?|pris\s+en\s+otages?",
            None,
            "abduction",
        ),
    ],
    "en": [
        (r"rockets?|katyushas?", "rocket", "shelling"),
        (r"missiles?", "missile", "shelling"),
        (r"shell(?:s|ing|ed)|artillery", "artillery", "shelling"),
        (r"mortars?", "mortar", "shelling"),
        (r"projectiles?", None, "shelling"),
        (r"drones?|UAVs?|unmanned\s+(?:aerial\s+vehicles?|aircraft)", "drone", "air"),
        (
            r"air\s?strikes?|air\s+raids?|bombing\s+raids?|warplanes?|fighter\s+jets?|"
            r"(?:F-[0-9]+\s+)?fighter\s+(?:jets?|aircraft)|bombers?",
            None,
            "air",
        ),
        (
            r"IEDs?|improvised\s+explosive(?:\s+devices?)?|roadside\s+bombs?|car\s+bombs?|"
            r"bombs?|explosions?|explod(?:ed|es)|blasts?|detonat(?:ed|ion)|land\s?mines?|"
            r"(?:hit|struck|ran\s+over|drove\s+over|stepped\s+on)\s+an?\s+(?:\w+\s+)?mine",
            "explosive",
            "ied",
        ),
        (
            r"suicide\s+(?:(?:car|truck|vehicle)\s+)?(?:bomb(?:er|ing)?s?|attacks?)|"
            r"suicide\s+vests?|explosive\s+vests?|PBIEDs?|person-borne\s+(?:IEDs?|improvised)|"
            r"blew\s+(?:himself|herself|themselves)\s+up",
            "explosive",
            "suicide",
        ),
        (r"grenades?", "grenade", "grenade"),
        (
            r"clash(?:es|ed)?|firefights?|gunfights?|exchanges?\s+of\s+fire|"
            r"fighting|battles?",
            None,
            "clash",
        ),
        (
            r"attack(?:s|ed)?|assaults?|opened\s+fire|struck|strikes?|gunm[ae]n|stormed|"
            r"shot\s+dead|gunned\s+down|massacred?|raid(?:s|ed)?|ambush(?:ed|es)?",
            None,
            "attack",
        ),
        (r"foiled|thwarted|disrupted|attempted\s+attacks?", None, "foiled"),
        (r"intercept(?:ed|ion)|shot\s+down|downed", None, "intercepted"),
        (
            r"kidnap(?:s|ped|ping|pers?)?|abduct(?:s|ed|ing|ions?)|took\s+hostages?",
            None,
            "abduction",
        ),
    ],
}
_EVENT_TYPE_BY_KIND = [
    ("foiled", "foiled or attempted attack"),
    ("suicide", "suicide bomb"),
    ("air", "air/drone strike"),
    ("shelling", "shelling/artillery/missile attack"),
    ("ied", "remote explosive/landmine/IED"),
    ("grenade", "grenade"),
    ("abduction", "abduction/kidnapping"),
    ("clash", "armed clash"),
    ("attack", "attack"),
]


# Compiled once: (pattern, weapon, kind) of every event word.
TRIGGER_PATTERNS = {
    language: [
        (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), weapon, kind)
        for pattern, weapon, kind in triggers
    ]
    for language, triggers in TRIGGERS.items()
}


# Kinds that say what happened to an attack, not what it was made with.
NOT_WEAPON_KINDS = frozenset({"attack", "launcher", "intercepted"})

# What a weapon that got through did: an intercepted rocket with any of these was not foiled.
_IMPACT = re.compile(
    r"\b(?:hit|struck|landed|fell|exploded|impacted|damag\w+|tomb(?:é|ée|és|ées)|frapp\w+|"
    r"touch(?:é|ée|és|ées)|explos(?:é|ée|és|ées)|endommag\w+|abattu(?:e|s|es)?\s+sur|"
    r"(?:s'est|se\s+sont)\s+abattu\w*)\b",
    re.IGNORECASE,
)


# French "attentat": a bombing unless guns or blades are told ("un attentat à la kalachnikov").
_ATTENTAT = re.compile(r"\battentats?\b", re.IGNORECASE)
_FIREARMS = re.compile(
    r"\b(?:armes?(?:\s+à\s+feu|\s+blanches?)?|tirs?|tir(?:é|és|ée|ées|ant)|fusillades?|"
    r"hommes\s+armés|individus\s+armés|assaillants\s+armés|balles?|kalachnikovs?|fusils?|"
    r"abattu(?:e|s|es)?|égorg\w+|couteaux?|poignard\w*|otages?|enlev\w+)\b",
    re.IGNORECASE,
)
_ARMED_VICTIMS = {
    lang: re.compile(rf"^\s*(?:[\w'-]+\s+){{0,3}}?(?:{p})\b", re.IGNORECASE)
    for lang, p in ARMED_FORCES.items()
}
_ARMED_TARGET = {
    "fr": re.compile(
        r"\b(?:attaqu\w+|assaut|embuscade|offensive|ont\s+pris\s+d'assaut)\s+"
        r"(?:(?:contre|visant|sur|de|d'|du|des|à)\s*)?(?:(?:la|le|les|l'|un|une|des|d'un|d'une)\s*)?"
        rf"(?:[\w'-]+\s+){{0,2}}?(?:{ARMED_FORCES['fr']})\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:attack(?:ed|s|ing)?|assault(?:ed|s)?|ambush(?:ed|es)?|storm(?:ed|ing)?|raided|"
        r"overr[au]n(?:ning)?)\s+"
        r"(?:(?:on|against|at)\s+)?(?:(?:the|a|an|an?\s+\w+)\s+)?"
        rf"(?:[\w'-]+\s+){{0,2}}?(?:{ARMED_FORCES['en']})\b",
        re.IGNORECASE,
    ),
}


# A ground assault on armed forces or their post: storming, overrunning, an attack on it.
_ARMED_ASSAULT = {
    "fr": _ARMED_TARGET["fr"],
    "en": re.compile(
        r"\b(?:storm(?:ed|ing)?|overr[au]n(?:ning)?|assault(?:ed|s)?|attack(?:ed|ing)?)\s+"
        r"(?:(?:on|against)\s+)?(?:(?:the|a|an)\s+)?(?:[\w'-]+\s+){0,2}?"
        rf"(?:{ARMED_FORCES['en']})\b",
        re.IGNORECASE,
    ),
}


# Guns fired at the troops after the blast: "followed by gunfire", "opening fire on",
# "ont ouvert le feu", "puis des tirs".
_GUNFIRE = {
    "fr": re.compile(
        r"\b(?:ouvert\s+le\s+feu|ouvrant\s+le\s+feu|suivie?s?\s+de\s+tirs|puis\s+des\s+tirs|"
        r"échanges?\s+de\s+tirs)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:followed\s+by\s+(?:gunfire|small[- ]arms\s+fire)|open(?:ed|ing)\s+fire|"
        r"gun\s?battle|firefight|exchange\s+of\s+fire)\b",
        re.IGNORECASE,
    ),
}


# The same told the other way round: "le camp militaire d'Indelimane est attaqué", "the casque
# bleu killed", "victimes civiles et militaires", "a police post came under attack".
_ARMED_PASSIVE = {
    "fr": re.compile(
        rf"\b(?:{ARMED_FORCES['fr']})\b(?:\s+[\w'-]+){{0,3}}?\s+(?:(?:a|ont)\s+été|est|sont|était|"
        r"étaient)\s+(?:\w+\s+)?(?:attaqu|pris\s+d'assaut|pris\s+pour\s+cible|visé|tué)\w*"
        rf"|\b(?:{ARMED_FORCES['fr']})\s+(?:tué|abattu)(?:e|s|es)?\b"
        r"|\bvictimes\s+(?:civiles\s+et\s+)?(?:de\s+|d')?(?:militaires|soldats|policiers)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        rf"\b(?:{ARMED_FORCES['en']})\b(?:\s+[\w'-]+){{0,3}}?\s+(?:was|were|had\s+been|came)\s+"
        r"(?:\w+\s+)?(?:attacked|ambushed|stormed|overrun|targeted|under\s+(?:attack|fire))",
        re.IGNORECASE,
    ),
}


def _armed_forces_hit(sentences: list[Sentence], text: str, language: str) -> bool:
    """Whether the incident's victims or target are soldiers, police or an armed post."""
    for sentence in sentences:
        if _ARMED_TARGET[language].search(sentence.text):
            return True
        if _ARMED_PASSIVE[language].search(sentence.text):
            return True
        for _, end in sentence.casualty_spans:
            after = text[end : min(end + 50, sentence.end)]
            if _ARMED_VICTIMS[language].match(after):
                return True
    return False


# Civilians as the victims: who was killed or hurt ("148 people", "51 civils dont 40 enfants").
_CIVILIANS = {
    "fr": r"civils?|personnes|habitants|villageois|passagers|fidèles|élèves|étudiants|enfants|"
    r"femmes|déplacés|travailleurs|ouvriers|commerçants",
    "en": r"civilians?|people|persons|residents|villagers|passengers|worshippers|students|"
    r"pupils|children|women|workers|shoppers|pilgrims",
}
_CIVILIAN_VICTIMS = {
    lang: re.compile(rf"^\s*(?:[\w'-]+\s+){{0,2}}?(?:{p})\b", re.IGNORECASE)
    for lang, p in _CIVILIANS.items()
}


def _civilians_hit(sentences: list[Sentence], text: str, language: str) -> bool:
    """Whether the incident's counted victims are civilians ("killing 148 people")."""
    for sentence in sentences:
        for _, end in sentence.casualty_spans:
            if _CIVILIAN_VICTIMS[language].match(text[end : min(end + 40, sentence.end)]):
                return True
    return False


# A bomb or mine as such, not only the blast one makes: "explosions" in a wave of missile strikes
# are the strikes' own (ACLED codes the strike), a "car bomb" is a device of its own.
_DEVICE = re.compile(
    r"\b(?:IEDs?|improvised\s+explosive|(?:roadside|car|truck)\s+bombs?|bombs?|landmines?|mines?|"
    r"EEI|engins?\s+explosifs?|voitures?\s+piégées?|bombes?|explosifs?|explosives?)\b",
    re.IGNORECASE,
)


def _type_of_kinds(kinds: list[str], *, got_through: bool = True) -> str:
    """Foiled or suicide when said; else the first specific kind told; else a plain attack.

    An interception ("shot down", "interceptée") makes the attack foiled only when nothing
    got through: no one hurt and no impact told.
    """
    names = dict(_EVENT_TYPE_BY_KIND)
    if "intercepted" in kinds and not got_through:
        return names["foiled"]
    for special in ("foiled", "suicide"):
        if special in kinds:
            return names[special]
    specific = [kind for kind in kinds if kind not in NOT_WEAPON_KINDS]
    if "air" in specific and "shelling" in specific:
        # missiles or bombs from aircraft or drones ("a missile strike launched from an
        # unmanned aerial vehicle", "bombardement ... frappes aériennes"): ACLED's air strike
        return names["air"]
    return names[specific[0]] if specific else names["attack"]


SIMILAR = re.compile(r"\b(?:similar|similaire|same\s+kind\s+of|du\s+même\s+type)\b", re.I)


def incident_type(
    sentences: list[Sentence], kinds: list[str], text: str, language: str, *, hurt: bool
) -> str:
    """The event type of an incident told by ``sentences`` (of the article ``text``) whose event
    words are of ``kinds`` (:data:`TRIGGERS`), ``hurt`` when it tells anyone killed or injured.

    The kinds rank into a type (:func:`_type_of_kinds`); then ACLED's rules: explosions told
    with missile, shelling or air strikes and no bomb are those strikes; a suicide bombing
    within a battle is the battle; an attack on armed forces (an ambush, an attack on a post,
    base or convoy) or where the attackers died and no civilian victim is told is an armed
    clash; a French "attentat" with no gun told is a bombing.
    """
    got_through = hurt or any(_IMPACT.search(s.text) for s in sentences)
    if (
        "ied" in kinds
        and ("shelling" in kinds or "air" in kinds)
        and not any(_DEVICE.search(s.text) for s in sentences)
    ):
        # explosions told in a wave of missile, shelling or air strikes are those strikes'
        # (ACLED: Explosions/Remote violence, coded by the weapon), not a bomb of their own
        kinds = [kind for kind in kinds if kind != "ied"]
    event_type = _type_of_kinds(kinds, got_through=got_through)
    if event_type == "suicide bomb" and "clash" in kinds:
        # ACLED: a suicide bombing that opens or is part of a battle is coded as the battle
        event_type = "armed clash"
    if (
        event_type == "shelling/artillery/missile attack"
        and "clash" in kinds
        and _ARMED_ASSAULT[language].search(" ".join(s.text for s in sentences))
    ):
        # ACLED: shells fired by fighters storming a post, in a battle, are the battle ("tried
        # to overrun a military post, using artillery shells ... the four-hour-long battle")
        event_type = "armed clash"
    if (
        event_type == "remote explosive/landmine/IED"
        and any(_GUNFIRE[language].search(s.text) for s in sentences)
        and _armed_forces_hit(sentences, text, language)
    ):
        # ACLED: a bomb that opens an ambush of soldiers, then gunfire, is the fight ("a bomb
        # attack followed by gunfire ... opening fire on the troops")
        event_type = "armed clash"
    armed = "attack" in kinds and _armed_forces_hit(sentences, text, language)
    if event_type == "attack" and (
        armed
        or (
            any(tells_attackers_killed(s.text) for s in sentences)
            and not _civilians_hit(sentences, text, language)
        )
    ):
        # an attack told as such that hit soldiers, police or an armed post (an ambush, an
        # attack on a base or a convoy), or attackers killed with no civilian victim told: a
        # fight, in ACLED's terms. Gunmen who killed civilians and were then killed by the
        # police stay an attack on civilians; people killed with no event word at all too.
        event_type = "armed clash"
    if (
        event_type == "attack"
        and language == "fr"
        and any(_ATTENTAT.search(s.text) for s in sentences)
        and not any(_FIREARMS.search(s.text) or SIMILAR.search(s.text) for s in sentences)
    ):  # ("un attentat similaire" is of the type of the one before: like_the_one_before)
        # "un attentat" with no gun told is a bombing (ACLED: explosions/remote violence)
        event_type = "remote explosive/landmine/IED"
    return event_type
