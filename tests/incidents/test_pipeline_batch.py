"""A batch of articles survives one that trips a bug: the others are read, the bad one named."""

from __future__ import annotations

from collections.abc import Mapping

from incidents.pipeline import load_resources, process_paths


class ExplodingFrench(Mapping):
    """The real pipelines, but the French one fails as a bug would (no documented error)."""

    def __init__(self, pipelines: Mapping) -> None:
        self._pipelines = pipelines

    def __getitem__(self, language):
        if language == "fr":
            raise RuntimeError("a bug in the French pipeline")
        return self._pipelines[language]

    def __iter__(self):
        return iter(self._pipelines)

    def __len__(self):
        return len(self._pipelines)


def test_a_bug_on_one_article_does_not_stop_the_batch(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a_fr.txt").write_text(
        "date 2020-07\nUne roquette est tombée sur Bagdad samedi, blessant deux personnes.\n",
        encoding="utf-8",
    )
    (articles / "b_en.txt").write_text(
        "date 2020-07\nA rocket hit Baghdad on July 3, killing two people.\n", encoding="utf-8"
    )
    pipelines, resolver = load_resources(geocache=tmp_path / "geocache.sqlite")
    seen = []
    results = process_paths(
        sorted(articles.glob("*.txt")),
        nlp_by_language=ExplodingFrench(pipelines),
        resolver=resolver,
        on_result=seen.append,
    )
    failed, read = results
    assert failed.path.endswith("a_fr.txt") and read.path.endswith("b_en.txt")
    assert not failed.ok and "internal error" in failed.error and "French pipeline" in failed.error
    assert read.ok and read.incidents and read.incidents[0].place is not None
    assert seen == results
