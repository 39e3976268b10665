"""The real corpus keeps its rules: each text where its URL puts it, keys that fit it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from c87.pipeline.score import norm
from tests.corpus.split import part

CORPUS = Path(__file__).parent / "corpus"
TEXTS = sorted(CORPUS.glob("*/*.txt"))
GENRES = {"letter", "urgent-action", "press-release", "news-report", "cfa-report",
          "index-entry"}


def _key(text: Path) -> dict:
    return yaml.safe_load(text.with_name(text.stem + ".gold.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", TEXTS, ids=[t.stem for t in TEXTS])
def test_each_text_sits_in_the_part_its_url_gives_and_its_key_fits_it(text: Path) -> None:
    first, _, body = text.read_text(encoding="utf-8").partition("\n")
    assert first.startswith("SOURCE: "), "the first line names the page"
    url = first.removeprefix("SOURCE: ").strip()
    assert text.parent.name == part(url)
    key = _key(text)
    meta = key["meta"]
    assert meta["url"] == url
    assert meta["genre"] in GENRES and meta["language"] in ("en", "fr", "es")
    folded = norm(body)
    for event in key["events"]:
        assert norm(event["anchor"]) in folded, event["id"]


def test_the_corpus_has_the_spread_the_issue_asks_for() -> None:
    metas = [_key(t)["meta"] for t in TEXTS]
    urls = [m["url"] for m in metas]
    assert len(set(urls)) == len(urls), "a page is stored once"
    assert len(metas) >= 60
    assert len({m["country"] for m in metas}) >= 25
    assert sum(m["language"] == "fr" for m in metas) >= 10
    assert sum(m["language"] == "es" for m in metas) >= 10
    assert len({m["author"] for m in metas}) >= 15
    assert "KG" not in {m["country"] for m in metas}
    blind = sum(t.parent.name == "blind" for t in TEXTS)
    assert 0.2 <= blind / len(TEXTS) <= 0.45


# Floors a little under what `make quality` gave when these lines were written (README,
# "How well"): they catch a change that makes real texts worse. They are NOT the bars of
# the extraction issue (recall and precision >= 0.85 in English, >= 0.75 / 0.8 in French
# and Spanish, on the blind part), which the extractor does not meet yet.
FLOORS = {
    ("dev", "en"): {"recall": 0.83, "precision": 0.84, "dates": 0.72, "actors_found": 0.79,
                    "letter_fields": 0.83},
    ("dev", "fr+es"): {"recall": 0.80, "precision": 0.83, "dates": 0.64, "actors_found": 0.60},
    ("blind", "en"): {"recall": 0.62, "precision": 0.67, "dates": 0.79, "actors_found": 0.77,
                      "letter_fields": 0.70},
    ("blind", "fr+es"): {"recall": 0.63, "precision": 0.67, "dates": 0.68,
                         "actors_found": 0.60},
}


@pytest.mark.parametrize(("part", "languages"), sorted(FLOORS))
def test_extraction_on_real_texts_stays_above_its_floors(part: str, languages: str) -> None:
    from tests.quality import scored

    rows = [r for _n, meta, r, _f in scored(CORPUS / part)
            if (meta["language"] == "en") == (languages == "en")]
    assert len(rows) >= 10
    floors = FLOORS[(part, languages)]
    mean = {k: sum(r[k] for r in rows) / len(rows) for k in floors}
    low = {k: round(v, 3) for k, v in mean.items() if v < floors[k]}
    # Only the means are shown: nobody reads the blind part text by text.
    assert not low, f"{part} {languages} fell below its floors: {low}"
