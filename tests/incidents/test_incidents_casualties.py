"""Killed and injured counts from digits and number words."""

from __future__ import annotations

import pytest

from incidents.casualties import sentence_casualties, story_total


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


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("en", "No American casualties were reported, officials said.", 0, 0),
        ("en", "There were no immediate reports of casualties.", 0, 0),
        ("en", "The attack did not cause any casualties.", 0, 0),
        ("en", "No one was hurt in the attack.", 0, 0),
        ("en", "No one was killed or injured.", 0, 0),
        ("en", "No U.S. personnel were injured.", None, 0),
        ("fr", "Aucune victime n'a été signalée.", 0, 0),
        ("fr", "Les roquettes sont tombées sans faire de victimes.", 0, 0),
        ("fr", "Personne n'a été blessé.", 0, 0),
        ("fr", "Aucun soldat américain n'a été tué ou blessé, selon le Pentagone.", 0, 0),
        ("en", "No U.S. troops were killed or injured.", 0, 0),
    ],
)
def test_no_casualties_said_in_many_ways(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("en", "A US drone strike killed General Qassem Soleimani and nine others.", 10, None),
        ("en", "The strike killed Abu Mahdi al-Muhandis and four others.", 5, None),
        ("fr", "La frappe a tué le général Qassem Soleimani et neuf autres personnes.", 10, None),
        ("fr", "Le général Soleimani et neuf autres personnes ont été tués.", 10, None),
        ("en", "An American and two others were killed.", 3, None),
        ("en", "Rockets struck the base, killing two soldiers and a civilian.", 3, None),
        ("fr", "L'explosion a tué deux soldats et un civil.", 3, None),
    ],
)
def test_a_named_person_and_n_others_is_n_plus_one(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("en", "Two people were killed and five others wounded.", 2, 5),
        ("fr", "Un soldat a été tué et deux autres blessés.", 1, 2),
        ("en", "Three soldiers suffered minor injuries.", None, 3),
        ("fr", "Deux militaires ont subi des blessures légères.", None, 2),
        ("en", "The drone attack caused minor injuries to two U.S. personnel.", None, 2),
        ("fr", "L'attaque a causé des blessures légères à deux soldats.", None, 2),
    ],
)
def test_elliptic_and_noun_phrasings_of_the_injured(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fr", "Un entrepreneur civil américain est mort d'une crise cardiaque pendant l'attaque."),
        ("en", "A contractor died of a heart attack while sheltering during the attack."),
    ],
)
def test_a_death_of_natural_causes_is_not_a_fatality(language, sentence):
    assert sentence_casualties(sentence, language=language).killed is None


def test_spans_point_at_the_numbers_in_the_article():
    sentence = "Deux soldats américains et un britannique sont morts."
    found = sentence_casualties(sentence, language="fr", offset=100)
    texts = {sentence[a - 100 : b - 100] for a, b in found.spans}
    assert {"Deux", "un", "morts"} <= texts


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("fr", "Le général iranien Qassem Soleimani a été tué par une frappe de drone.", 1, None),
        ("en", "Iranian General Qassem Soleimani was killed in a US drone strike.", 1, None),
        ("en", "A US drone strike killed Iranian General Qassem Soleimani.", 1, None),
        ("en", "A strike killed Abu Ali al-Basri, a senior militia commander.", 1, None),
        ("en", "Kataib Hezbollah was blamed after a rocket killed Iraqi civilians.", None, None),
        ("en", "The Iraqi Army was hit.", None, None),
        ("en", "It came on the anniversary of the killing of General Qassem Soleimani", None, None),
        ("fr", "Elle survient deux ans après la mort du général Qassem Soleimani.", None, None),
    ],
)
def test_one_named_victim_counts_one(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("fr", "Des missiles ont frappé la base, blessant plus de cent militaires.", None, 100),
        ("en", "The attack wounded more than 100 U.S. troops.", None, 100),
        ("en", "The strike killed nearly 20 fighters.", 20, None),
        ("fr", "L'attaque a tué près de vingt combattants.", 20, None),
        ("fr", "Une centaine de soldats ont été blessés.", None, 100),
        ("fr", "Une dizaine de roquettes ont visé la base, tuant un soldat.", 1, None),
    ],
)
def test_approximate_counts_are_read_as_their_round_number(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed"),
    [
        ("fr", "Elle survient après la mort de deux Américains et d'une Britannique.", 3),
        ("en", "It came three days after the deaths of two Americans and a Briton.", 3),
    ],
)
def test_the_death_of_n_people_counts_them(language, sentence, killed):
    assert sentence_casualties(sentence, language=language).killed == killed


def test_french_a_is_a_verb_not_a_count():
    sentence = "Des roquettes ont frappé, blessant trois militaires, a annoncé la coalition."
    assert sentence_casualties(sentence, language="fr").injured == 3


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("fr", "L'explosion a fait un mort et trois blessés.", 1, 3),
        ("fr", "Deux civils ont perdu la vie.", 2, None),
        ("fr", "L'attaque a coûté la vie à deux soldats.", 2, None),
        ("fr", "Un soldat a succombé à ses blessures.", 1, None),
        ("en", "Two civilians lost their lives.", 2, None),
        ("en", "The attack claimed the lives of two soldiers.", 2, None),
        ("en", "The blast left one soldier dead and two injured.", 1, 2),
    ],
)
def test_deaths_told_without_the_verb_to_kill(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


def test_a_participle_after_a_name_counts_that_person():
    sentence = "Ce sont des représailles à la mort du général Qassem Soleimani, tué le 3 janvier."
    assert sentence_casualties(sentence, language="fr").killed == 1
    sentence = "Rockets hit Camp Taji, wounded three."
    assert sentence_casualties(sentence, language="en").injured is None


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("en", "A civilian was also killed.", 1, None),
        ("en", "Two soldiers were also wounded.", None, 2),
        ("fr", "Deux soldats ont aussi été blessés.", None, 2),
    ],
)
def test_also_between_auxiliary_and_participle_still_counts(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("counts", "total"),
    [
        ([("One contractor was killed.", 1), ("A civilian was also killed.", 1)], 2),
        ([("Un soldat a été tué.", 1), ("Un autre soldat a été tué.", 1)], 2),
        ([("Deux soldats sont morts.", 2), ("Un civil a également été tué.", 1)], 3),
        ([("One contractor was killed.", 1), ("The attack killed one contractor.", 1)], 1),
        ([("Three were killed.", 3), ("The attack killed two soldiers.", 2)], 3),
        ([("The rocket hit a house.", None), ("A boy was also hurt.", 1)], 1),
        ([("No count here.", None)], None),
        ([("Two policemen were killed.", 2), ("Security forces killed four attackers.", 4)], 6),
        ([("Quarante soldats tués.", 40), ("Trente-sept assaillants ont été tués.", 37)], 77),
        ([("Three were killed.", 3), ("Officials also said two were killed.", 2)], 3),
        ([("Trois soldats tués.", 3), ("La police a également indiqué deux morts.", 2)], 3),
        ([("Three were killed.", 3), ("Police also said a guard was also killed.", 1)], 4),
    ],
)
def test_story_total_adds_only_what_a_later_sentence_says_is_more(counts, total):
    assert story_total(counts) == total


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("A rocket hit Erbil, a Kurdish official said, and nobody was hurt.", 0, 0),
        ("Two soldiers were killed and nobody else was hurt.", 2, 0),
        ("Two soldiers were wounded; no one else was killed.", 0, 2),
    ],
)
def test_the_verb_of_a_zero_phrase_takes_no_victim_from_earlier_words(sentence, killed, injured):
    found = sentence_casualties(sentence, language="en")
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("fr", "Quarante-deux soldats ont été tués et vingt-deux blessés.", 42, 22),
        ("fr", "Deux soldats ont été tués et trente-cinq autres blessés.", 2, 35),
        ("en", "Two soldiers were killed and twenty-one wounded.", 2, 21),
    ],
)
def test_a_hyphenated_number_word_before_the_casualty_word_is_read_whole(
    language, sentence, killed, injured
):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("fr", "Le bilan fait état de trente et un morts.", 31, None),
        ("fr", "L'attaque a fait trente et un morts.", 31, None),
        ("fr", "Deux soldats ont été tués et vingt et un blessés.", 2, 21),
        ("fr", "Deux cents soldats ont été blessés.", None, 200),
        ("en", "The attack wounded two hundred people.", None, 200),
        ("en", "One hundred and twenty people were wounded.", None, 120),
    ],
)
def test_a_number_of_several_words_is_one_count(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


def test_the_span_of_a_number_of_several_words_covers_them_all():
    sentence = "Le bilan fait état de trente et un morts."
    found = sentence_casualties(sentence, language="fr")
    assert "trente et un" in {sentence[a:b] for a, b in found.spans}


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("Another 41 were wounded.", None, 41),
        ("Another 41 people were wounded in the blast.", None, 41),
        ("The attack wounded another 41 people.", None, 41),
        ("Another two soldiers were killed and another three wounded.", 2, 3),
        ("Another soldier was killed.", 1, None),
        ("The strike wounded five soldiers and another contractor.", None, 6),
    ],
)
def test_another_before_a_count_is_not_one_more_victim(sentence, killed, injured):
    found = sentence_casualties(sentence, language="en")
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("en", "The blast killed three, wounding 12 people, two of them seriously.", 3, 12),
        ("en", "The attack wounded 12 people, two of whom were in critical condition.", None, 12),
        ("en", "Twelve people, two of them children, were wounded.", None, 12),
        ("en", "Militants attacked the patrol, killing 12 of them.", 12, None),
        ("fr", "L'explosion a blessé 12 personnes, dont deux grièvement.", None, 12),
        ("fr", "L'explosion a blessé 12 personnes, deux d'entre elles grièvement.", None, 12),
        ("fr", "Douze personnes, deux d'entre elles grièvement, ont été blessées.", None, 12),
        ("fr", "L'attaque a fait 12 blessés, dont deux ont été grièvement blessés.", None, 12),
    ],
)
def test_a_part_of_the_victims_is_not_added_to_them(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("fr", "L'attaque a fait au moins 30 morts et une cinquantaine de blessés.", 30, 50),
        ("fr", "Deux soldats ont été tués et une dizaine d'autres blessés.", 2, 10),
        ("fr", "Une trentaine d'autres ont été blessées.", None, 30),
        ("en", "Two soldiers were killed and a dozen wounded.", 2, 12),
        ("en", "Two soldiers were killed and dozens wounded.", 2, None),
        ("fr", "L'attentat a fait 3 morts et des dizaines de blessés.", 3, None),
    ],
)
def test_a_round_count_just_before_the_casualty_word_is_its_round_number(
    language, sentence, killed, injured
):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        ("en", "The death toll later rose to nine.", 9, None),
        ("en", "The toll climbed to 12.", 12, None),
        ("en", "The death toll now stands at at least 15, officials said.", 15, None),
        ("en", "Another soldier died of his wounds, bringing the death toll to seven.", 7, None),
        ("fr", "Le bilan est passé à 12 morts.", 12, None),
        ("fr", "Le bilan s'élève désormais à 49.", 49, None),
        ("fr", "Le bilan est passé à 12 blessés.", None, 12),
        ("en", "The toll rose to 12 dead and 30 injured.", 12, 30),
        ("en", "Officials expect the death toll to rise.", None, None),
    ],
)
def test_a_death_toll_is_a_killed_count(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("sentences", "language", "total"),
    [
        (
            ["At least six people were killed and 19 hurt.", "The death toll later rose to nine."],
            "en",
            9,
        ),
        (
            ["Six were killed.", "Another died of his wounds, bringing the toll to seven."],
            "en",
            7,
        ),
        (["Trois soldats ont été tués.", "Le bilan est passé à 12 morts."], "fr", 12),
        (
            ["Trois soldats tués.", "Selon un nouveau bilan, quarante-neuf personnes ont péri."],
            "fr",
            49,
        ),
    ],
)
def test_a_later_toll_is_the_total_not_more_victims(sentences, language, total):
    counts = [(s, sentence_casualties(s, language=language).killed) for s in sentences]
    assert story_total(counts) == total


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("Deux soldats tués et vingt-deux blessés dans une attaque.", 2, 22),
        ("Un soldat tué, deux blessés.", 1, 2),
        ("L'attaque a tué deux soldats et blessé trois civils.", 2, 3),
        ("L'attaque a tué deux soldats, blessé trois civils et détruit un char.", 2, 3),
        ("Des hommes armés ont abattu trois policiers.", 3, None),
    ],
)
def test_a_french_participle_without_avoir_qualifies_the_victims_before_it(
    sentence, killed, injured
):
    found = sentence_casualties(sentence, language="fr")
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("Two killed and one wounded in Kirkuk blast", 2, 1),
        ("One killed, three wounded as rocket hits base", 1, 3),
    ],
)
def test_one_right_before_the_casualty_word_is_a_count(sentence, killed, injured):
    found = sentence_casualties(sentence, language="en")
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("language", "sentence", "killed"),
    [
        (
            "fr",
            "Quarante-deux soldats ont été tués, a annoncé le gouvernement, qui affirme avoir "
            "neutralisé 37 assaillants.",
            79,
        ),
        ("en", "Three soldiers were killed and 12 militants were killed in the clash.", 15),
        ("en", "The army said seven people were killed in total.", 7),
    ],
)
def test_the_attackers_dead_add_to_their_victims_in_one_sentence(language, sentence, killed):
    assert sentence_casualties(sentence, language=language).killed == killed


def test_the_number_of_dead_at_a_count_is_that_many_killed_and_the_noun_takes_no_other_count():
    french = sentence_casualties(
        "Un commissaire estime le nombre de morts à plus de 50 et le nombre de blessés à "
        "plus de 100.",
        language="fr",
    )
    english = sentence_casualties(
        "Officials put the number of dead at 25 and the number of wounded at 40.", language="en"
    )
    assert (french.killed, french.injured) == (50, 100)
    assert (english.killed, english.injured) == (25, 40)


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Gunmen killed a reported 160 Fulani herders.", 160),
        ("Gunmen killed an estimated 30 people.", 30),
        ("An estimated thirty people were killed.", 30),
        ("A total of 12 soldiers were killed.", 12),
        ("Gunmen killed a policeman.", 1),
    ],
)
def test_an_article_before_a_hedged_number_is_no_victim_of_its_own(sentence, killed):
    assert sentence_casualties(sentence, language="en").killed == killed


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        # the attackers' own dead count (ACLED counts every death): the two men and 28
        ("Two men detonated their vests, killing themselves and at least 28 people.", 30, None),
        ("Bombers detonated their vests, killing themselves and at least 28 people.", 28, None),
        ("A bomber blew himself up, killing himself and 12 people.", 13, None),
        (
            "The attack left 14 other soldiers and contractors wounded, five of them critically.",
            None,
            14,
        ),
        ("The blast left three dead and 12 wounded.", 3, 12),
    ],
)
def test_victims_between_left_and_the_casualty_word_and_after_the_attackers_own(
    sentence, killed, injured
):
    found = sentence_casualties(sentence, language="en")
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("sentence", "language", "killed"),
    [
        ("Les chebabs attaquent la base, faisant 100 à 190 morts.", "fr", 100),
        ("The attack left 20 to 30 dead.", "en", 20),
    ],
)
def test_a_range_of_dead_counts_its_lower_bound(sentence, language, killed):
    assert sentence_casualties(sentence, language=language).killed == killed


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Parmi les 48 blessés figurent également 30 enfants.", "fr"),
        ("Among the 12 killed were three children.", "en"),
    ],
)
def test_a_count_told_again_to_say_who_was_among_them_is_no_new_toll(sentence, language):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (None, None)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        # a year is never a toll, and the count after it still is
        ("en", "In 2017 11 people were killed.", 11, None),
        ("fr", "Le 3 mars 2017 11 soldats ont été tués.", 11, None),
        ("en", "In March 2017 the army said it had seen the base.", None, None),
        # ages, rockets and trucks are no victims
        ("en", "Two rockets landed, killing a 57-year-old woman.", 1, None),
        ("en", "Militants fired 30 rockets and burned 12 trucks, wounding two guards.", None, 2),
        ("fr", "Les assaillants ont tiré 30 roquettes, tuant deux civils.", 2, None),
        ("fr", "Un homme âgé de 45 ans a été blessé.", None, 1),
        # a range gives its lowest figure
        ("en", "Reports vary between 24 and 28 soldiers were killed in the attack.", 24, None),
        ("en", "The attack killed between 20 and 30 people.", 20, None),
        ("fr", "Entre 20 et 30 personnes ont été tuées.", 20, None),
        # other victims named by a noun of their own add up; the same ones told twice do not
        (
            "fr",
            "L'attaque a coûté la vie à 14 casques bleus, en a blessé 53 autres et a entraîné "
            "la mort de 5 membres des forces armées.",
            19,
            53,
        ),
        ("en", "Two soldiers were killed and two civilians were killed.", 4, None),
        ("en", "Two soldiers were killed; the attack killed two soldiers.", 2, None),
        ("fr", "La deuxième attaque coûte la vie à deux gendarmes.", 2, None),
        # the dead of an accident are no victims, unless the aircraft was shot down
        ("en", "The plane then crashed, killing all the 7 people on board.", None, None),
        ("fr", "Un hélicoptère s'est écrasé, tuant 4 militaires.", None, None),
        ("en", "The helicopter was shot down and crashed, killing 7 soldiers.", 7, None),
        ("en", "The siege ended when all four of the attackers were killed.", 4, None),
        # the attackers who killed themselves count, as many as the sentence says they were
        (
            "en",
            "Two suspects detonated person-borne IEDs, killing themselves and at least 28 people "
            "and injuring at least 73 others.",
            30,
            73,
        ),
    ],
)
def test_never_victims_ranges_other_victims_and_the_attackers_own(
    language, sentence, killed, injured
):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("counts", "total"),
    [
        # a claim told "also" is the same dead told by another
        (
            [
                ("Le 20 novembre, l'AFP indique que 43 soldats ont été tués.", 43),
                (
                    "Les attaques sont également revendiquées par l'EI qui affirme avoir tué "
                    "42 soldats.",
                    42,
                ),
            ],
            43,
        ),
        ([("Officials said 9 were killed.", 9), ("They also claimed to have killed 8.", 8)], 9),
        # other tellers, not other victims
        (
            [
                ("43 soldats ont été tués lors de l'attaque.", 43),
                ("D'autres soldats rescapés parlent encore de plus de 100 morts.", 100),
            ],
            100,
        ),
        ([("Nine were killed.", 9), ("Other witnesses said 12 people were killed.", 12)], 12),
        # other victims still add
        ([("Nine soldiers were killed.", 9), ("Two other civilians were also killed.", 2)], 11),
        # attackers who died as suicide bombers add to their victims (ACLED counts every death)
        (
            [
                ("Le ministère annonce que le bilan est d'au moins 18 morts.", 18),
                ("Il indique que deux hommes sont morts en kamikazes.", 2),
            ],
            20,
        ),
    ],
)
def test_story_total_of_claims_and_of_suicide_attackers(counts, total):
    assert story_total(counts) == total


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        (
            "en",
            "A mortar round hit the square, wounding a 40-year-old man and several others.",
            None,
            1,
        ),
        ("en", "The grenade wounded two guards and several passers-by.", None, 2),
        ("fr", "Un obus a frappé la place, blessant un vieil homme et plusieurs autres.", None, 1),
        ("fr", "Trois policiers et de nombreux civils ont été tués.", 3, None),
        ("en", "Three policemen and many civilians were killed.", 3, None),
        # a vague quantity alone stays unknown
        ("en", "Several guards were wounded.", None, None),
        ("fr", "Plusieurs passants ont été blessés.", None, None),
    ],
)
def test_a_vague_quantity_beside_counts_adds_nothing_to_them(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Gunmen shot dead 11 villagers near the well.", 11),
        ("Eleven villagers were shot dead near the well.", 11),
        ("Gunmen gunned down two guards at the gate.", 2),
        ("The death toll from the raid on the village has risen to 45.", 45),
    ],
)
def test_shot_dead_gunned_down_and_a_toll_told_after_a_long_subject(sentence, killed):
    assert sentence_casualties(sentence, language="en").killed == killed
