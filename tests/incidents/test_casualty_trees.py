"""Casualty counts tied to their casualty word through French dependency parses."""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.casualties import needs_tree, sentence_casualties, tree_casualties
from incidents.extract import extract_incidents
from incidents.extract.sentences import sentence_counts
from incidents.nlp import dependency_trees
from tests.common import pipeline, resolver


def _tree(sentence: str):
    [doc] = dependency_trees(pipeline("fr"), [sentence])
    found = tree_casualties(doc, language="fr")
    return found.killed, found.injured


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("Deux soldats ont été tués et douze blessés lors de l'attaque.", 2, 12),
        ("L'attentat a fait 5 morts et 12 blessés.", 5, 12),
        (
            "L'attaque a tué un entrepreneur civil et blessé quatre militaires et deux policiers.",
            1,
            6,
        ),
        ("La deuxième attaque coûte la vie à deux gendarmes.", 2, None),
        # the killers, subject of an active verb, are no victims
        ("Deux kamikazes ont tué 12 personnes.", 12, None),
        # a year, rockets and trucks are never victims
        ("Le 3 mars 2017, 11 soldats ont été tués.", 11, None),
        (
            "Les assaillants ont tiré 30 roquettes et incendié 12 camions, tuant deux civils.",
            2,
            None,
        ),
        # a count told before, taken up again, is not counted again
        ("Parmi les 48 blessés figurent 30 enfants.", None, None),
    ],
)
def test_counts_tied_to_their_casualty_word_by_the_parse(sentence, killed, injured):
    assert _tree(sentence) == (killed, injured)


def test_the_parse_fills_what_the_rules_leave_unknown_and_only_in_french():
    text = (
        "Le 27 juillet, des combattants attaquent la ville. "
        "Deux gendarmes que les assaillants avaient capturés ont été tués."
    )
    second = (text.index("Deux gendarmes"), len(text))
    rules = sentence_casualties(text[second[0] :], language="fr")
    assert (rules.killed, rules.injured) == (None, None)  # the relative clause stops the rules
    assert needs_tree(text[second[0] :], language="fr")
    [counts] = sentence_counts(text, [second], language="fr", nlp=pipeline("fr"))
    assert (counts.killed, counts.injured) == (2, None)
    assert all(second[0] <= a < b <= second[1] for a, b in counts.spans)
    # no parser in the English pipeline: the rules' answer stands
    [english] = sentence_counts("Two more were lost.", [(0, 19)], language="en", nlp=pipeline("en"))
    assert (english.killed, english.injured) == (None, None)


def test_a_sentence_without_number_or_casualty_word_is_not_parsed():
    assert not needs_tree("Les combattants attaquent la ville à l'aube.", language="fr")
    assert not needs_tree("Deux camions ont été incendiés.", language="fr")
    assert needs_tree("Un casque bleu a été tué.", language="fr")


def test_the_whole_text_is_never_parsed_only_the_casualty_sentences():
    nlp = pipeline("fr")
    assert not nlp("Deux soldats ont été tués à Kidal.").has_annotation("DEP")


def test_an_article_gets_the_parsed_count():
    article = article_from_text(
        "date 2014-07-28\n"
        "Le 27 juillet 2014, des combattants de Boko Haram attaquent Kolofata, au Cameroun. "
        "L'attaque coûte la vie à deux gendarmes, plusieurs autres sont faits prisonniers.\n",
        source="kolofata.txt",
    )
    found = extract_incidents(article, nlp=pipeline("fr"), resolver=resolver())
    assert [incident.fatalities for incident in found] == [2]


@pytest.mark.parametrize(
    "sentence",
    [
        "Un entrepreneur civil est mort d'une crise cardiaque pendant l'attaque.",
        "Un hélicoptère s'est écrasé, tuant 4 militaires.",
    ],
)
def test_no_victims_of_a_natural_death_or_an_accident_in_the_parse(sentence):
    assert _tree(sentence) == (None, None)


def test_a_text_of_thousands_of_casualty_sentences_parses_a_bounded_few(monkeypatch):
    from incidents.extract import sentences as module

    given: list[int] = []
    real = module.dependency_trees

    def counting(nlp, texts):
        given.append(len(texts))
        return real(nlp, texts)

    monkeypatch.setattr(module, "dependency_trees", counting)
    unit = "Deux gendarmes que les assaillants avaient pris ont été tués. "
    text = unit * 2_000
    pieces = [(k * len(unit), (k + 1) * len(unit)) for k in range(2_000)]
    counts = sentence_counts(text, pieces, language="fr", nlp=pipeline("fr"))
    assert len(counts) == 2_000
    assert given == [module.MAX_TREES]
