"""Search: Material's own search, with an index rewritten at build time so that a reader finds a
passage from either script, from its pinyin (with or without tones, joined or apart) and a glossary
term's page first for its names.

Material's search plugin writes ``search/search_index.json`` (one entry per page section: title,
text, location); its web worker builds a lunr index from it in the browser. :func:`rewrite` takes
that file and

- segments every Chinese run again, on its simplified form (as the pages' words are read), with the
  glossary's Chinese forms as whole words: ``网络强国`` is one token, found and highlighted whole,
  in a simplified or a traditional passage alike;
- keeps a glossary term's page to its own text (the concordance headings, which repeat the
  sources' titles, are dropped) and gives it an index-only ``names`` field (headword, variants,
  Chinese forms) that weighs twice a title;
- gives a source's page an index-only ``terms`` field: the Chinese forms of the glossary terms
  its passages use, and the glossary's forms inside them (网络强国 in 网络强国战略思想), each once
  per passage that uses it, so that 网络强国 finds the English passages that say "cyberpower",
  the page that uses it most first;
- adds to the index's ``config`` the tables the worker shim
  (``assets/javascripts/workers/lectern-search.js``) needs: every word of the index (simplified)
  with its toneless pinyin and the dictionary words inside it, every traditional character of the
  index with its simplified form.

The shim wraps Material's worker: it indexes each Chinese token in its simplified form at its
position (so a match in either script highlights the Chinese as written), and turns a query into
the index's words before Material parses it: Chinese simplified and cut into words (each also
standing for the longer words that contain it), pinyin (tones, tone numbers, ü as v or u, joined or
apart) into the words it spells. Nothing of this is on the pages: the pinyin and the other script
live only in the index and its tables.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

from .language import HAN, other_scripts

WORKER = "assets/javascripts/workers/lectern-search.js"
NAMES_BOOST = 2000  # the names field weighs twice a title: a term page first for its names ("terms first")
TERMS_BOOST = 2  # a source's glossary terms (index-only): an English passage that translates 网络强国
# ranks with the Chinese ones, above the term pages of longer terms that contain it
TERMS_REPEAT = 5  # a form is repeated once per passage that uses it, up to this: lunr's BM25 (Material
# sets b = 0: no length normalisation) saturates, a sixth passage would add under 5 %
_RUN = re.compile(f"[{HAN}](?:\u200b*[{HAN}])*")
_ZWSP = "\u200b"
# The worker's address in a page's __config: Material's, with its content hash.
_WORKER_REF = re.compile(r'("search":\s*")([^"]*?)(search\.[0-9a-f]+\.min\.js)"')


@cache
def _tokenizer(words: tuple[str, ...]):
    """A jieba tokenizer of its own (no global state) that knows the glossary's Chinese forms."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in words:
        tokenizer.add_word(word, freq=max(tokenizer.FREQ.get(word, 0), 100000))
    return tokenizer


def simplified(text: str) -> str:
    """``text`` with each character in its simplified form (word-level conversion, same length)."""
    return "".join(s for s, _ in other_scripts(text))


def toneless(syllable: str) -> str:
    """A pinyin syllable as typed without tones, ü as v: ``lǜ`` → ``lv``, ``wǎng`` → ``wang``."""
    decomposed = unicodedata.normalize("NFD", syllable.lower()).replace("u\u0308", "v").replace("u:", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")


class _Segmenter:
    def __init__(self, names: dict[str, str]):
        self.names = names  # simplified glossary form -> toneless pinyin, syllables apart
        self.tokenizer = _tokenizer(tuple(sorted(names)))
        self.words: dict[str, str] = {}  # simplified word -> toneless pinyin
        self.t2s: dict[str, str] = {}

    def run(self, match: re.Match) -> str:
        original = match.group(0).replace(_ZWSP, "")
        simple = simplified(original)
        for o, s in zip(original, simple):
            if o != s:
                self.t2s[o] = s
        out, at = [], 0
        for word in self.tokenizer.cut(simple, HMM=False):
            out.append(original[at : at + len(word)])
            at += len(word)
            if word not in self.words:
                self.words[word] = self.names.get(word) or _pinyin(word)
        return _ZWSP.join(out)

    def text(self, text: str) -> str:
        return _RUN.sub(self.run, text)


def _pinyin(word: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return " ".join(toneless(s) for s in lazy_pinyin(word, style=Style.NORMAL))


def term_names(term) -> str:
    """The index-only names of a glossary term: its English forms and its Chinese forms, each
    Chinese form one token (the worker adds its pinyin), so that the term's own page, and not the
    longer terms that contain it (网络强国战略), is first for it: the worker looks Chinese words up
    whole, never as prefixes."""
    return " ".join(dict.fromkeys(x for x in (*term.english_forms, *term.chinese_forms) if x))


def rewrite(
    index_text: str, terms: Iterable = (), passage_terms: Mapping[tuple[str, str], Iterable[str]] | None = None
) -> str:
    """The search index ``index_text`` (Material's ``search_index.json``) rewritten for lectern
    (see the module's docstring); ``terms`` are the glossary's terms, whose pages are at
    ``glossary/<id>/``; ``passage_terms`` gives the ids of the terms found in each passage
    (``(source slug, passage id)``): a source's page is found by the Chinese forms (and so the
    pinyin) of the terms its passages use, in whatever language they use them ("cyberpower" in an
    English passage: 网络强国). Deterministic: the same input gives the same bytes."""
    index = json.loads(index_text)
    terms = list(terms)
    by_id = {t.id: t for t in terms}
    forms = {t.zh for t in terms if t.zh}
    inside = {
        f: {f[i:j] for i in range(len(f)) for j in range(i + 1, len(f) + 1) if j - i < len(f) and f[i:j] in forms}
        for f in forms
    }  # the glossary's forms inside each form: 网络强国战略 -> {网络强国}
    used: dict[str, Counter[str]] = {}  # a source page's location -> its passages per Chinese form
    for (slug, _), ids in sorted((passage_terms or {}).items()):
        found = {by_id[i].zh for i in ids if i in by_id and by_id[i].zh}
        found.update(g for f in list(found) for g in inside[f])
        used.setdefault(f"sources/{slug}/", Counter()).update(sorted(found))
    names: dict[str, str] = {}
    for term in terms:
        syllables = " ".join(toneless(s) for s in term.pinyin)
        for form in term.chinese_forms:
            if form and len(form) == len(term.zh):
                names[simplified(form)] = syllables
    segmenter = _Segmenter(names)
    pages = {f"glossary/{t.id}/": t for t in terms}
    docs = []
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        if page in pages and anchor:
            continue  # a term page's concordance and lists: the sources' text, found there
        doc = dict(doc)
        if page in pages:
            doc["names"] = term_names(pages[page])
        elif page in used and not anchor:
            doc["terms"] = " ".join(" ".join([form] * min(n, TERMS_REPEAT)) for form, n in used[page].items())
        for field in ("title", "text", "terms"):
            if field in doc:
                doc[field] = segmenter.text(doc[field])
        docs.append(doc)
    for term in terms:  # a term's Chinese forms are whole tokens of its names (see term_names)
        for form in term.chinese_forms:
            simple = simplified(form)
            if simple and simple not in segmenter.words:
                segmenter.words[simple] = names.get(simple) or _pinyin(simple)
            for o, s in zip(form, simple):
                if o != s:
                    segmenter.t2s[o] = s
    config = dict(index["config"])
    config["fields"] = {**config["fields"], "names": {"boost": NAMES_BOOST}, "terms": {"boost": TERMS_BOOST}}
    known = _tokenizer(tuple(sorted(names))).FREQ
    subwords = {}
    for word in segmenter.words:
        parts = sorted(
            {
                word[i:j]
                for i in range(len(word))
                for j in range(i + 2, len(word) + 1)
                if j - i < len(word) and (known.get(word[i:j]) or word[i:j] in names)
            }
        )
        if parts:
            subwords[word] = parts
    lectern = {
        "py": dict(sorted(segmenter.words.items())),
        "t2s": dict(sorted(segmenter.t2s.items())),
        "sub": dict(sorted(subwords.items())),
    }
    # In the config: Material's page script hands the worker the index's config and docs only.
    config["lectern"] = lectern
    return json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))


def use_worker(html: str) -> str:
    """A page's HTML with Material's search worker replaced by lectern's shim, which loads it (its
    name is passed in the query string)."""
    return _WORKER_REF.sub(lambda m: f'{m.group(1)}{m.group(2)}lectern-search.js?w={m.group(3)}"', html, count=1)


def worker_script() -> str:
    """The worker shim's source (see the module's docstring)."""
    from importlib import resources

    return (resources.files("lectern") / "assets" / "workers" / "lectern-search.js").read_text(encoding="utf-8")
