"""Teaching pages and files: assignment pages, their index, citations and vocabulary exports.

Assignment pages show each selected passage exactly as its source page does (the same
``render.passage_html`` and the same reading aids), so pinyin, glossary terms and parallels come
with it. Vocabulary lists are exported as CSV and as a tab-separated file that Anki imports as it is.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from html import escape

from . import language, render
from .assignments import SHARED, Assignment, Lexicon, Selection, VocabularyItem, forms, passage_items, vocabulary
from .corpus import Corpus, Passage, Source
from .ruby import Annotator

CSV_NAME = "vocabulary.csv"
ANKI_NAME = "vocabulary-anki.txt"
VOCABULARY_API = "api/vocabulary.json"
SHARED_PAGE = f"assignments/{SHARED}.md"
ROOT = "../../"  # from a source or assignment page (sources/<slug>/, assignments/<slug>/) to the site root


# --- citations -----------------------------------------------------------------------------


def chicago_date(iso: str) -> str:
    """``2014-02-27`` → ``February 27, 2014`` (Chicago style); ``2015-10`` → ``October 2015``."""
    human = render.human_date(iso).split()
    return f"{human[1]} {human[0]}, {human[2]}" if len(human) == 3 else " ".join(human)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def citation(source: Source) -> str:
    """A Chicago-style (bibliography) citation of a source, without passage and URL, which the
    page adds: ``Xi Jinping. “Build China into a Cyberpower.” Speech, February 27, 2014. In …``."""
    m = source.meta
    parts = []
    if who := m.speaker or m.author:
        parts.append(_sentence(who))
    title = source.title.strip()
    parts.append(f"“{title}”" if title.endswith(("?", "!", ".")) else f"“{title}.”")
    if m.translator:
        machine = m.translator.lower().startswith("machine")
        parts.append("Machine translation." if machine else _sentence(f"Translated by {m.translator}"))
    kind = (m.kind[:1].upper() + m.kind[1:]) if m.kind else ""
    parts.append(_sentence(", ".join(filter(None, (kind, chicago_date(m.date))))))
    if m.published_in:
        parts.append(_sentence(f"In {m.published_in}"))
    if m.publisher and m.publisher != m.published_in:
        parts.append(_sentence(m.publisher))
    return " ".join(parts)


class Citations(render.Aid):
    """Puts each shown source's citation on the page, for the "cite" and "copy link" controls
    (``passages.js``): one hidden element per source, found by the passage's ``data-source``."""

    def page_end(self, passages: list[tuple[Source, Passage]]) -> str:
        sources = {s.slug: s for s, _ in passages}
        return "".join(
            f'<div class="lx-cite-data" hidden data-source="{slug}" data-href="{ROOT}sources/{slug}/" '
            f'data-cite="{escape(citation(source))}"></div>'
            for slug, source in sorted(sources.items())
        )


# --- vocabulary exports ------------------------------------------------------------------------


def vocabulary_csv(items: list[VocabularyItem]) -> bytes:
    """CSV (RFC 4180: CRLF, quotes where needed) in UTF-8 with a byte-order mark, which
    spreadsheet programs need to read Chinese correctly; one header row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["headword", "chinese", "pinyin", "definition"])
    writer.writerows([i.headword, i.chinese, i.pinyin, i.definition] for i in items)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _anki_field(text: str) -> str:
    return escape(" ".join(text.split()), quote=False)  # one line, no tab, HTML-safe (#html:true)


@lru_cache(maxsize=1 << 16)  # words repeat from list to list
def _anki_note(item: VocabularyItem) -> str:
    """One note: front, a tab, back. Front: the Chinese (or the headword if there is none); back:
    the pinyin, then the headword and definition."""
    meaning = "; ".join(filter(None, (item.headword if item.chinese else "", item.definition)))
    back = "<br>".join(filter(None, (_anki_field(item.pinyin), _anki_field(meaning))))
    return f"{_anki_field(item.chinese or item.headword)}\t{back}\n"


def vocabulary_anki(items: list[VocabularyItem], tag: str = "") -> bytes:
    """A file Anki's *Import File* takes as it is (Anki 2.1.55+ reads the ``#`` header lines):
    tab-separated, one note per line (see :func:`_anki_note`)."""
    header = ["#separator:tab", "#html:true"] + ([f"#tags:{tag}"] if tag else [])
    return ("".join(line + "\n" for line in header) + "".join(map(_anki_note, items))).encode("utf-8")


def exports(items: list[VocabularyItem], tag: str) -> dict[str, bytes]:
    """The export files of a page, by name (relative to the page's folder)."""
    return {CSV_NAME: vocabulary_csv(items), ANKI_NAME: vocabulary_anki(items, tag)}


def exports_links(what: str) -> str:
    return (
        f'<p class="lx-exports">Vocabulary of {what}: <a href="{CSV_NAME}" download>CSV (spreadsheet)</a> · '
        f'<a href="{ANKI_NAME}" download>Anki (tab-separated)</a></p>'
    )


def vocabulary_table(items: list[VocabularyItem]) -> str:
    rows = "".join(
        f'<tr><td>{escape(i.headword)}</td><td lang="{language.script_of(i.chinese) if i.chinese else "zh"}">{escape(i.chinese)}</td>'
        f"<td>{escape(i.pinyin)}</td><td>{escape(i.definition)}</td></tr>"
        for i in items
    )
    return (
        '<div class="lx-vocabulary"><table data-search-exclude><thead><tr><th scope="col">Headword</th><th scope="col">Chinese</th>'
        f'<th scope="col">Pinyin</th><th scope="col">Definition</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )


def vocabulary_api(corpus: Corpus, annotator: Annotator | None, lexicon: Lexicon) -> str:
    """``api/vocabulary.json``: each passage's vocabulary, so that an assignment made in the browser
    lists what the build would list for the same passages (``assets/teacher-link.js`` combines them
    as :func:`lectern.assignments.combine` does)::

        {"terms": {"strong-cyber-power": ["strong cyber power", "网络强国", "wǎngluò qiángguó", "…", ["网络强国"]]},
         "passages": {"<slug>": {"p3": {"t": ["strong-cyber-power"],
                                        "w": [["吹響", "吹响", "chuīxiǎng", "blow", "吹: blow; 響: echo"]]}}}}

    A term: headword, Chinese, pinyin, definition and its forms in simplified characters (a word
    inside one of them is not listed after it); a word: Chinese, its simplified form, pinyin,
    headword and definition."""
    passages: dict[str, dict[str, dict]] = {}
    used: set[str] = set()
    for s in corpus.sources:
        for p in s.passages:
            ids = list(lexicon.terms_in(s, p))
            used.update(ids)
            words = [
                [i.chinese, language.to_simplified(i.chinese), i.pinyin, i.headword, i.definition]
                for i in passage_items(render.passage_words(p, annotator), lexicon)
            ]
            passages.setdefault(s.slug, {})[p.id] = {"t": ids, "w": words}
    terms = {
        i: [t.headword, t.chinese, t.pinyin, t.definition, list(dict.fromkeys(forms(t.chinese)))]
        for i in sorted(used)
        if (t := lexicon.terms.get(i))
    }
    return json.dumps({"terms": terms, "passages": passages}, ensure_ascii=False, separators=(",", ":")) + "\n"


def source_vocabulary(source: Source, annotator: Annotator | None, lexicon: Lexicon) -> list[VocabularyItem]:
    return vocabulary([(source, p, render.passage_words(p, annotator)) for p in source.passages], lexicon)


# --- pages -------------------------------------------------------------------------------------


def _selection(
    sel: Selection, annotator: Annotator | None, aids: tuple[render.Aid, ...], hold: render.Held | None = None
) -> str:
    source, m = sel.source, sel.source.meta
    page = f"{ROOT}sources/{source.slug}/"
    who = ", ".join(filter(None, (m.speaker or m.author, render.human_date(m.date))))
    out = [f"### {render.md_text(render.mark_chinese(escape(source.title)))}, {sel.label}\n\n"]
    out.append(
        f'<p class="lx-context">{escape(who)} · <a href="{page}#{sel.anchor}">Read {sel.label} in the whole text</a></p>\n\n'
    )
    for p in sel.passages:
        html = render.passage_html(
            source, p, annotator, aids, element_id=f"{source.slug}-{p.id}", href=f"{page}#{p.id}", notes=page, hold=hold
        )
        out.append(html + "\n\n")
    return "".join(out)


def assignment_page(
    a: Assignment,
    annotator: Annotator | None,
    aids: tuple[render.Aid, ...],
    items: list[VocabularyItem],
    *,
    hold: render.Held | None = None,
) -> str:
    """The page of one assignment: instructions, the passages, the questions, then the vocabulary."""

    def text(html: str) -> str:
        return annotator.annotate(render.mark_chinese(html)) if annotator else render.mark_chinese(html)

    m = a.meta
    out = [render.front_matter(a.title, description=f"Assignment: {a.title}")]
    out.append(f"# {render.md_text(render.mark_chinese(escape(a.title)))}\n\n")
    rows = [("Course", m.course), ("Audience", m.audience)]
    rows.append(("Reading", "; ".join(f"{s.source.title}, {s.label}" for s in a.selections)))
    dl = "".join(f"<dt>{k}</dt><dd>{text(escape(v))}</dd>" for k, v in rows if v)
    out.append(f'<div class="lx-meta lx-assignment"><dl>{dl}</dl></div>\n\n')
    if a.instructions_html:
        out.append("## Instructions\n\n")
        out.append(f'<div class="lx-instructions">{text(a.instructions_html).replace(chr(10), " ")}</div>\n\n')
    out.append("## Reading\n\n")
    out += [_selection(sel, annotator, aids, hold) for sel in a.selections]
    if a.questions_html:  # right after the reading, as on a handout; the vocabulary is for reference
        out.append("## Questions\n\n")
        questions = "".join(f"<li>{text(q).replace(chr(10), ' ')}</li>" for q in a.questions_html)
        out.append(f'<ol class="lx-questions">{questions}</ol>\n\n')
    if items:
        out.append("## Vocabulary\n\n")
        out.append(exports_links("this assignment") + "\n\n")
        out.append(vocabulary_table(items) + "\n\n")
    end = "".join(aid.page_end(a.passages) for aid in aids)
    if end:
        out.append(f"{end}\n")
    return "".join(out)


def assignment_vocabulary(a: Assignment, annotator: Annotator | None, lexicon: Lexicon) -> list[VocabularyItem]:
    return vocabulary([(s, p, render.passage_words(p, annotator)) for s, p in a.passages], lexicon, a.meta.vocabulary)


def assignments_index(assignments: tuple[Assignment, ...]) -> str:
    """The Assignments page: a table of every assignment."""
    rows = "".join(
        f'<tr><td><a href="{a.slug}/">{escape(a.title)}</a></td><td>{escape(a.meta.course or "")}</td>'
        f"<td>{escape(a.meta.audience or '')}</td>"
        f"<td>{escape('; '.join(f'{s.source.title}, {s.label}' for s in a.selections))}</td></tr>"
        for a in assignments
    )
    table = (
        '<div class="lx-assignments"><table><thead><tr><th scope="col">Assignment</th><th scope="col">Course</th>'
        f'<th scope="col">Audience</th><th scope="col">Reading</th></tr></thead><tbody>{rows}</tbody></table></div>'
        if assignments
        else "<p>No assignments yet. Add one as <code>corpus/assignments/&lt;name&gt;.yml</code> (see the README).</p>"
    )
    return (
        render.front_matter("Assignments", description="Passages set for reading, with questions and vocabulary.")
        + "# Assignments\n\n"
        + "<p>Each assignment brings together passages from the sources, with instructions, a vocabulary list "
        "(also for Anki) and questions. Print one for a clean handout.</p>\n\n" + f"{table}\n"
    )


def shared_page() -> str:
    """The page that opens an assignment shared by link (``assignments/shared/#…``): the link holds
    the assignment, and ``assets/teacher-link.js`` shows it here with the passages of the sources'
    own pages. Without the script, or with a link it cannot read, the page says so."""
    return (
        render.front_matter("Shared assignment", description="An assignment shared by link.")
        + "# Shared assignment\n\n"
        + '<div class="lx-shared" data-search-exclude>'
        '<p class="lx-shared__status" role="status">This page shows an assignment made with the '
        "assignment builder, from the link it was shared with. Opening it needs JavaScript.</p></div>\n"
    )
