"""Nothing is lost: every sentence of every raw seed reaches its built page.

The raw files in corpus/raw/ are compared with the text of the built pages, with every
annotation stripped. Only the debris listed (with a reason) in tests/data/debris.yml may be
missing; a listed entry that matches nothing is itself an error, so the list stays honest.
"""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, real_corpus
from lectern.markup import plain_text

CORPUS = real_corpus()
DEBRIS = yaml.safe_load((Path(__file__).parent / "data" / "debris.yml").read_text(encoding="utf-8"))
# A sentence ends at . ! ? (or a closing quote after one); a note marker (*, ∗, 1) may follow it.
SENTENCE_END = re.compile(r"(?<=[.!?\"”。！？])[*∗]?\d{0,2}\s+")


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def page_text(site: Path, slug: str) -> str:
    html = (site / "sources" / slug / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    return normal(plain_text(str(article), {"lx-fnref", "lx-pn", "headerlink"}))


def test_every_raw_file_has_a_source():
    origins = sorted(s.meta.origin for s in CORPUS.sources)
    assert origins == sorted(p.name for p in (ROOT / "corpus" / "raw").iterdir())
    assert set(DEBRIS) <= set(origins)


def test_raw_files_are_the_seeds_byte_for_byte():
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for raw in (ROOT / "corpus" / "raw").iterdir():
        assert raw.read_bytes() == (seeds / raw.name).read_bytes(), raw.name


@pytest.mark.parametrize("source", CORPUS.sources, ids=lambda s: s.slug)
def test_every_sentence_of_the_raw_text_is_on_the_page(site_dir, source):
    text = page_text(site_dir, source.slug)
    debris = [entry["text"] for entry in DEBRIS.get(source.meta.origin, [])]
    unused = set(debris)
    missing = []
    raw = (ROOT / "corpus" / "raw" / source.meta.origin).read_text(encoding="utf-8")
    for line in raw.splitlines():
        line = line.strip()
        if line in debris:
            unused.discard(line)
            continue
        for piece in debris:
            if piece in line:
                unused.discard(piece)
                line = line.replace(piece, " ")
        for sentence in SENTENCE_END.split(line):
            if normal(sentence) and normal(sentence) not in text:
                missing.append(sentence)
    assert missing == [], f"{len(missing)} raw sentence(s) missing from the page"
    assert unused == set(), "debris.yml lists text that is not in the raw file"
