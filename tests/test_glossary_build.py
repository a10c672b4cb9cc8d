"""Bad glossary input fails the real build with ``corpus/glossary.yml:LINE: problem``; the marking option."""

import pytest
from bs4 import BeautifulSoup

GLOSSARY = "corpus/glossary.yml"
EXTRA = """
- id: {id}
  en: {en}
  zh: 测试
  definition: A term added by the test.
"""


def line_of(text: str, needle: str, start: int = 0) -> int:
    """The 1-based line of ``needle`` in ``text`` (searching from offset ``start``)."""
    return text.count("\n", 0, text.index(needle, start)) + 1


def duplicate_id(text):
    edited = text + EXTRA.format(id="informatization", en="something else")
    return edited, (
        f"{line_of(edited, '- id: informatization', len(text))}: duplicate id 'informatization' "
        f"(first used on line {line_of(text, '- id: informatization')})"
    )


def claimed_variant(text):
    edited = text + EXTRA.format(id="test-term", en="Cyber-Power")
    return (
        edited,
        f"{line_of(edited, 'en: Cyber-Power')}: 'Cyber-Power' is already claimed by term 'strong-cyber-power'",
    )


def missing_definition(text):
    start = text.index("- id: digital-economy")
    line = text.index("  definition:", start)
    edited = text[:line] + text[text.index("\n", line) + 1 :]
    return (
        edited,
        f"{line_of(edited, '- id: digital-economy')}: term 'digital-economy': missing required field 'definition'",
    )


def unknown_related(text):
    edited = text.replace("related: [digital-silk-road]", "related: [digital-silkroad]", 1)
    return edited, (
        f"{line_of(edited, 'digital-silkroad')}: related id 'digital-silkroad' is not a term of the glossary "
        "(did you mean 'digital-silk-road'?)"
    )


def wrong_pinyin(text):
    edited = text.replace("pinyin: wǎng luò qiáng guó", "pinyin: wǎng luò qiáng guǒ", 1)
    return (
        edited,
        f"{line_of(edited, 'qiáng guǒ')}: pinyin does not match 网络强国: 'guǒ' is not a reading of 国 (its readings: guó)",
    )


CASES = {f.__name__: f for f in (duplicate_id, claimed_variant, missing_definition, unknown_related, wrong_pinyin)}


@pytest.mark.parametrize("case", CASES)
def test_bad_glossary_fails_clearly(project, case):
    path = project.root / GLOSSARY
    edited, message = CASES[case](path.read_text(encoding="utf-8"))
    path.write_text(edited, encoding="utf-8")
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{GLOSSARY}:{message}" in output, output
    assert "Traceback" not in output
    assert not (project.root / "site").exists(), "a site was written despite the error"


def test_glossary_and_source_problems_are_reported_together(project):
    path = project.root / GLOSSARY
    path.write_text(wrong_pinyin(path.read_text(encoding="utf-8"))[0], encoding="utf-8")
    source = project.sources / "001-build-china-into-a-cyberpower.md"
    source.write_text(source.read_text(encoding="utf-8").replace("\nspeaker:", "\nspeeker:", 1), encoding="utf-8")
    output = project.build().stderr
    assert "the corpus has 2 problems" in output
    assert "pinyin does not match 网络强国" in output and "unknown key 'speeker'" in output


def test_marking_every_occurrence_is_an_option(project):
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("glossary_marks: first", "glossary_marks: all"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = (project.root / "site/sources/004-cybersecurity-informatization-work-conference/index.html").read_text()
    article = BeautifulSoup(html, "html.parser").select_one("article")
    marked = [t["data-term"] for t in article.select("span.lx-term")]
    assert len(marked) > len(set(marked))  # the same term marked more than once
    passages = [[t["data-term"] for t in p.select("span.lx-term")] for p in article.select(".lx-passage")]
    assert any(len(terms) > len(set(terms)) for terms in passages)


def test_unknown_marking_option_fails_clearly(project):
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("glossary_marks: first", "glossary_marks: every"))
    result = project.build()
    assert result.returncode != 0
    assert (
        "Plugin 'lectern' option 'glossary_marks': Expected one of: ('first', 'all') but received: 'every'"
        in result.stderr
    )
