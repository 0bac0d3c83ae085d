"""Passes over the incidents of one article: the same event told twice is merged, restatements
and history recalled in passing are dropped, and the article's infobox losses and stated
coordinates are given to the incident they belong to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from geo.normalize import fold
from geo.place import Place
from incidents.casualties import story_range, story_total
from incidents.extract.grouping import dates_agree, fuzzy_date
from incidents.extract.places import place_point
from incidents.extract.records import Mention
from incidents.infobox import Losses
from incidents.model import Incident


def _same_event(a: Incident, b: Incident) -> bool:
    """Same place (as written, or the same resolved point) and dates that agree."""
    if not dates_agree(a.date, b.date):
        return False
    if a.place is not None and b.place is not None:
        return place_point(a.place) == place_point(b.place)
    # "Indelimane" and "camp militaire d'Indelimane": one names the other
    names = sorted((fold(a.place_mention or ""), fold(b.place_mention or "")), key=len)
    return bool(names[0]) and re.search(rf"\b{re.escape(names[0])}\b", names[1]) is not None


def _shape(incident: Incident) -> tuple:
    """What the passes below compare of an incident: incidents of one shape get one answer
    (a long repetitive text gives many incidents and few shapes: the passes stay linear)."""
    told = incident.fatalities is not None or incident.injured is not None
    point = place_point(incident.place) if incident.place is not None else None
    return (incident.event_type, incident.date, incident.date_precision, point,
            incident.place_mention or "", told)  # fmt: skip


def without_restatements(incidents: list[Incident]) -> list[Incident]:
    """Drop an incident that only restates another of the article: same place and date, no toll
    of its own, and a plain "attack" or the other's type where the other tells a toll ("L'attaque
    d'Indelimane a lieu en novembre" before the paragraph that tells the attack and its dead),
    or a plain "attack" where the other tells what kind (a headline's "Attaque meurtrière"); or a
    summary with no place and no toll of the same kind and date as a located telling."""
    shapes: dict[tuple, Incident] = {}
    for incident in incidents:
        shapes.setdefault(_shape(incident), incident)
    others = list(shapes.values())
    answers: dict[tuple, bool] = {}

    def restates(incident: Incident) -> bool:
        if incident.fatalities is not None or incident.injured is not None:
            return False
        if (
            incident.place is None
            and not incident.place_mention
            and any(
                other.place is not None
                and other.event_type == incident.event_type
                and dates_agree(incident.date, other.date)
                for other in others
            )
        ):
            return True
        return any(
            other is not incident
            and (
                # the other tells its toll, or it is the same attack told more precisely
                (
                    (other.fatalities is not None or other.injured is not None)
                    and incident.event_type in ("attack", other.event_type)
                )
                or incident.event_type == "attack" != other.event_type
            )
            and _same_event(incident, other)
            for other in others
        )

    kept = []
    for incident in incidents:
        shape = _shape(incident)
        if shape not in answers:
            answers[shape] = restates(incident)
        if not answers[shape]:
            kept.append(incident)
    return kept


def placeless_into_earlier(incidents: list[Incident]) -> list[Incident]:
    """Fold an incident told with no place into the latest located one before it when their
    dates agree and it names no other country ("At least 170 people have been killed by the
    attacks" after the bombing at Kabul's airport): its toll fills the one that one lacks."""
    out: list[Incident] = []
    latest: int | None = None  # index in ``out`` of the latest located incident
    for incident in incidents:
        earlier = out[latest] if latest is not None else None
        countries = {
            m.place.country_code
            for m in incident.places
            if m.place is not None and m.place.feature == "country"
        }
        if (
            incident.place is None
            and not incident.place_mention
            and earlier is not None
            and earlier.place is not None
            and dates_agree(incident.date, earlier.date)
            and countries <= {earlier.place.country_code}
        ):
            merged = replace(
                earlier,
                fatalities=incident.fatalities
                if earlier.fatalities is None
                else earlier.fatalities,
                fatalities_high=incident.fatalities_high
                if earlier.fatalities is None
                else earlier.fatalities_high,
                injured=incident.injured if earlier.injured is None else earlier.injured,
            )
            assert latest is not None  # earlier is out[latest]
            out[latest] = merged
            continue
        if incident.place is not None:
            latest = len(out)
        out.append(incident)
    return out


def _retold(first: Incident, later: Incident) -> bool:
    """Same resolved point (or same unresolved name), dates that agree, not both to the day."""
    if first.place is not None and later.place is not None:
        same = place_point(first.place) == place_point(later.place)
    else:  # unresolved both: the same name as written
        same = (
            first.place is later.place is None
            and bool(first.place_mention)
            and (fold(first.place_mention or "") == fold(later.place_mention or ""))
        )
    return (
        same
        and dates_agree(first.date, later.date)
        and not first.date_precision == later.date_precision == "day"
        and not _other_event(first, later)
    )


def _other_event(first: Incident, later: Incident) -> bool:
    """Two events, not one told twice: each of its own specific type ("suicide bomb", then
    "remote explosive/landmine/IED"), each with a death toll, the tolls different ("49 morts"
    in the shrine, then "7 militaires ... dans une explosion près de Kerbala")."""
    return (
        first.event_type != later.event_type
        and "attack" not in (first.event_type, later.event_type)
        and first.fatalities is not None
        and later.fatalities is not None
        and first.fatalities != later.fatalities
    )


def retold_into_first(incidents: list[Incident]) -> list[Incident]:
    """Fold an incident into an earlier one of the article at the same resolved point whose
    date agrees, one of the two dated only to a month or a year: the same event told again
    (an encyclopedia's summary, then its account), unless each tells its own type and its own
    toll (:func:`_other_event`). The first keeps its type and date, and its tolls where it
    tells them."""
    out: list[Incident] = []
    # per place, the first incident kept of each date and precision: a later one of the same
    # date and precision would fold into the same one or none
    firsts: dict[object, dict[tuple, int]] = {}
    for incident in incidents:
        key = (
            place_point(incident.place)
            if incident.place is not None
            else fold(incident.place_mention or "") or None
        )
        candidates = firsts.setdefault(key, {}) if key is not None else {}
        index = next(
            (k for k in candidates.values() if _retold(out[k], incident)),
            None,
        )
        if index is None:
            candidates.setdefault((incident.date, incident.date_precision), len(out))
            out.append(incident)
            continue
        first = out[index]
        out[index] = replace(
            first,
            fatalities=first.fatalities if first.fatalities is not None else incident.fatalities,
            fatalities_high=first.fatalities_high
            if first.fatalities is not None
            else incident.fatalities_high,
            injured=first.injured if first.injured is not None else incident.injured,
        )
    return out


def same_day_into_first(incidents: list[Incident]) -> list[Incident]:
    """Fold an incident into an earlier one of the same type at the same resolved town or site
    (precision 1-2) on the same day: ACLED's unit is one event per location per day ("Another
    rocket landed hours later, injuring a youth" after the morning's rocket on the same town).
    The tolls go together as the sentences of one incident do (:func:`story_total`,
    :func:`story_range`): the later one's add when it is told as more ("another", "also"),
    else the same victims told again, the largest stands."""
    out: list[Incident] = []
    firsts: dict[tuple, int] = {}
    for incident in incidents:
        place = incident.place
        if place is None or place.geo_precision > 2 or incident.date_precision != "day":
            out.append(incident)
            continue
        key = (place_point(place), incident.date, incident.event_type)
        index = firsts.get(key)
        if index is None:
            firsts[key] = len(out)
            out.append(incident)
            continue
        first = out[index]
        killed, high = story_range(
            [
                (first.quote, first.fatalities, first.fatalities_high),
                (incident.quote, incident.fatalities, incident.fatalities_high),
            ]
        )
        injured = story_total([(first.quote, first.injured), (incident.quote, incident.injured)])
        out[index] = replace(first, fatalities=killed, fatalities_high=high, injured=injured)
    return out


# How long before the article's main event a toll-less, month- or year-dated incident is
# history the article recalls in passing.
_HISTORY_DAYS = 60


def without_passing_history(incidents: list[Incident]) -> list[Incident]:
    """Drop the earlier events an article only recalls: dated to a month or a year, no toll,
    ending over ``_HISTORY_DAYS`` before the article's main event (its first incident with a
    toll, else its first): "the embassy had been attacked in 2002", "kidnapped in 1983".
    Nothing is told of them that an analyst could code."""
    tolled = [i for i in incidents if i.fatalities is not None or i.injured is not None]
    if not incidents:
        return incidents
    main = (tolled or incidents)[0]
    if not main.date:
        return incidents
    start = fuzzy_date(main.date).period()[0]
    kept = []
    for incident in incidents:
        passing = (
            incident is not main
            and incident.fatalities is None
            and incident.injured is None
            and incident.date is not None
            and incident.date_precision in ("month", "year")
            and (start - fuzzy_date(incident.date).period()[1]).days > _HISTORY_DAYS
        )
        if not passing:
            kept.append(incident)
    return kept


def with_losses(incidents: list[Incident], losses: Losses, topic: str | None) -> list[Incident]:
    """Give the article's main incident (the first named as its subject, else its first) the
    dead and wounded of its infobox (:func:`incidents.infobox.infobox_losses`): the table
    totals both sides, where the prose tells them piecemeal."""
    key = fold(topic) if topic else None
    index = next(
        (
            k
            for k, incident in enumerate(incidents)
            if key and key in fold(incident.place_mention or "")
        ),
        0,
    )
    main = incidents[index]
    updated = replace(
        main,
        fatalities=losses.killed if losses.killed is not None else main.fatalities,
        fatalities_high=None if losses.killed is not None else main.fatalities_high,
        injured=losses.injured if losses.injured is not None else main.injured,
    )
    return [*incidents[:index], updated, *incidents[index + 1 :]]


def placed_by_area(place: Place | None, mention: str | None) -> bool:
    """Whether ``place`` is only the area an unknown place ``mention`` lies in (precision 3 or
    coarser, another name: "Al-Adde" at the point of the Gedo region)."""
    return (
        place is not None
        and place.geo_precision >= 3
        and bool(mention)
        and fold(place.name) not in fold(mention or "")
    )


def at_stated_point(
    incidents: list[Incident], point: tuple[float, float], topic: str, mentions: list[Mention]
) -> list[Incident]:
    """Locate at the coordinates the article states (:func:`incidents.coordinates.stated_point`)
    its unresolved incidents named as its subject is (the headline's place the gazetteer does not
    know: "Combat de Kolofata" with "Coordonnées 11° 09′ 44″ nord, 14° 00′ 41″ est"). The country
    is the one the article's resolved places are in most often."""
    countries = Counter(m.place.country_code for m in mentions if m.place and m.place.country_code)
    country = countries.most_common(1)[0][0] if countries else None
    key = fold(topic)
    out = []
    for incident in incidents:
        name = fold(incident.place_mention or "")
        if (
            (incident.place is None or placed_by_area(incident.place, incident.place_mention))
            and name
            and (
                re.search(rf"\b{re.escape(key)}\b", name)
                or re.search(rf"\b{re.escape(name)}\b", key)
            )
        ):
            place = Place(topic, point[0], point[1], 1, "site", country, "article")
            incident = replace(incident, place=place)
        out.append(incident)
    return out
