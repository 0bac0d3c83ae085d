"""General behaviour added for accuracy on real articles (issue 8), on sentences written here."""

from __future__ import annotations

from tests.test_extract_unseen import extract


def test_an_attack_on_soldiers_or_an_armed_post_is_an_armed_clash():
    (post,) = extract(
        "date 2023-02-10\nDes hommes armés ont attaqué mardi un poste de gendarmerie à Djibo."
    )
    assert post.event_type == "armed clash"
    (ambush,) = extract(
        "date 2023-02-10\nGunmen attacked a convoy near Mopti on Tuesday, killing seven soldiers."
    )
    assert ambush.event_type == "armed clash"


def test_an_attack_on_civilians_stays_an_attack():
    (market,) = extract(
        "date 2023-02-10\nGunmen attacked a market near Mopti on Tuesday, killing seven traders."
    )
    assert market.event_type == "attack"
