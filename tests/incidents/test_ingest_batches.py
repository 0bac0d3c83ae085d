"""Articles in batches: ``nlp.pipe`` over many texts finds what one call per text finds, one
failing text is that text's error only, and the store takes a batch in one transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from spacy.language import Language

from bench.corpus import sample_articles, write_articles
from incidents.errors import NameTakenError
from incidents.nlp import load_pipeline, parse, parse_many
from incidents.pipeline import ArticleFile, process_article, process_files, read_file
from incidents.store import IncidentStore
from tests.common import DEVSET, SEED, gazetteer, pipelines, resolver


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Devset and seed articles, and short articles cut from the eval corpus, in both languages."""
    folder = tmp_path_factory.mktemp("corpus")
    paths = write_articles(sample_articles(language="fr", count=40), folder / "fr")
    paths += write_articles(sample_articles(language="en", count=40), folder / "en")
    return [SEED, *sorted((DEVSET / "articles").glob("*.txt")), *paths]


def test_parse_many_gives_what_parse_gives_text_by_text(corpus):
    texts = [read_file(path).data.decode("utf-8") for path in corpus]
    nlp = pipelines()["fr"]
    texts.append("x" * 45_000 + ". Une roquette est tombée sur Bagdad.")  # three pieces
    assert parse_many(nlp, texts) == [parse(nlp, text) for text in texts]


def test_a_batch_gives_the_incidents_of_one_article_at_a_time(corpus):
    files = [read_file(path) for path in corpus]
    batched = process_files(files, nlp_by_language=pipelines(), resolver=resolver())
    assert [r.path for r in batched] == [str(path) for path in corpus]
    assert all(r.ok for r in batched), [r.error for r in batched if not r.ok]
    one_by_one = [
        tuple(process_article(r.article, nlp_by_language=pipelines(), resolver=resolver()))
        for r in batched
    ]
    assert [r.incidents for r in batched] == one_by_one
    assert sum(len(found) for found in one_by_one) > len(corpus) // 2  # they found something


@Language.component("tests_fails_on_boom")
def fails_on_boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("a bug on this text")
    return doc


def test_one_failing_article_is_reported_and_the_batch_goes_on(corpus):
    english = load_pipeline("en", gazetteer())
    english.add_pipe("tests_fails_on_boom", first=True)
    bad = "date 2021-03\nBOOM. A rocket hit Baghdad airport on Tuesday, killing two soldiers.\n"
    files = [
        read_file(corpus[0]),
        ArticleFile("boom.txt", bad.encode("utf-8")),
        ArticleFile("missing.txt", error="missing.txt: no such file"),
        read_file(corpus[2]),
    ]
    nlp_by_language = {"fr": pipelines()["fr"], "en": english}
    results = process_files(files, nlp_by_language=nlp_by_language, resolver=resolver())
    assert [r.path for r in results] == [f.path for f in files]
    assert not results[1].ok and "internal error" in results[1].error and "bug" in results[1].error
    assert results[2].error == "missing.txt: no such file"
    alone = process_files([files[0], files[3]], nlp_by_language=pipelines(), resolver=resolver())
    assert [results[0], results[3]] == alone and all(r.ok for r in alone)


def test_the_store_takes_a_batch_in_one_transaction_and_a_taken_name_alone_is_refused(
    tmp_path, corpus
):
    results = process_files(
        [read_file(path) for path in corpus[:6]], nlp_by_language=pipelines(), resolver=resolver()
    )
    store = IncidentStore(tmp_path / "store.sqlite")
    first, *others = [(r.article, r.incidents) for r in results]
    store.ingest(*first)
    impostor = results[1].article
    assert impostor is not None
    renamed = replace(impostor, source=first[0].source, sha256="0" * 64)  # a taken name
    outcomes = store.ingest_many([(renamed, ()), *others])
    assert isinstance(outcomes[0], NameTakenError)
    assert outcomes[1:] == [len(incidents) for _, incidents in others]
    assert store.ingest_many([first, *others]) == [0] * len(results)  # idempotent
    with sqlite3.connect(store.path) as con:
        articles = con.execute("SELECT count(*), count(DISTINCT sha256) FROM articles").fetchone()
        incidents = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    assert articles == (len(results), len(results))
    assert incidents == sum(len(r.incidents) for r in results)


@pytest.mark.parametrize(
    ("count", "workers", "size"),
    [(200, 2, 25), (200, 1, 29), (64, 2, 32), (65, 2, 17), (10, 2, 5), (1, 4, 1), (0, 2, 1)],
)
def test_batches_come_in_whole_rounds_over_the_workers(count, workers, size):
    from incidents.ingest import batch_size_for

    assert batch_size_for(count, workers=workers, batch_size=32) == size
    batches = -(-count // size)
    assert size <= 32
    # every worker gets as many batches as the others, give or take the last short one
    assert batches % workers == 0 or count <= workers or batches < workers


@pytest.mark.parametrize(
    ("count", "workers"), [(200, 2), (64, 2), (10, 2), (3, 2), (300, 4), (0, 2)]
)
def test_batches_shrink_towards_the_end_of_a_run_on_several_workers(count, workers):
    from incidents.ingest import MIN_BATCH, batch_sizes

    sizes = batch_sizes(count, workers=workers, batch_size=32)
    assert sum(sizes) == count and all(0 < size <= 32 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    last = sizes[-min(workers, len(sizes)) :] if sizes else []
    assert all(size <= MIN_BATCH for size in last)  # the last round: small,
    assert not last or max(last) - min(last) <= 1  # and even over the workers


def test_one_worker_gets_batches_of_one_size():
    from incidents.ingest import batch_sizes

    assert batch_sizes(200, workers=1, batch_size=32) == [29] * 6 + [26]
