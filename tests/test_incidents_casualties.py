"""Killed and injured counts from digits and number words."""

from __future__ import annotations

import pytest

from incidents.casualties import sentence_casualties


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("fr", "Deux soldats américains et un britannique sont morts en mars.", 3, None),
        ("fr", "Un garçon a été blessé à la tête.", None, 1),
        ("fr", "L'attaque, qui n'a fait ni victime ni dommage, a été revendiquée.", 0, 0),
        (
            "fr",
            "L'attaque a tué un entrepreneur civil et blessé quatre militaires et deux policiers.",
            1,
            6,
        ),
        ("fr", "L'attentat a fait 5 morts et 12 blessés.", 5, 12),
        ("fr", "Une roquette a frappé une maison et blessé un enfant.", None, 1),
        ("en", "Three Coalition personnel were killed during a rocket attack.", 3, None),
        ("en", "Approximately 12 additional personnel were wounded during the attack.", None, 12),
        (
            "en",
            "The attack killed an American contractor and injured four U.S. service members "
            "and two Iraqi soldiers.",
            1,
            6,
        ),
        ("en", "The attacks killed one contractor and injured several members.", 1, None),
        ("en", "Two soldiers were killed and three wounded.", 2, 3),
        ("en", "The rocket caused no casualties.", 0, 0),
        ("en", "Approximately 18 107mm Katyusha rockets struck the base.", None, None),
        ("en", "The contractor killed in this attack was from Sacramento.", None, None),
    ],
)
def test_counts(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


def test_spans_point_at_the_numbers_in_the_article():
    sentence = "Deux soldats américains et un britannique sont morts."
    found = sentence_casualties(sentence, language="fr", offset=100)
    texts = {sentence[a - 100 : b - 100] for a, b in found.spans}
    assert {"Deux", "un", "morts"} <= texts
