"""Bad corpus input fails the real build with one clear message, no traceback and no site."""

import pytest
from bs4 import BeautifulSoup

SOURCE = "001-build-china-into-a-cyberpower.md"


def edit(project, transform, name=SOURCE):
    path = project.sources / name
    path.write_bytes(transform(path.read_bytes()))


CASES = {
    "malformed YAML": (lambda b: b.replace(b"\ntitle:", b"\ntitle: [unclosed", 1), ":2: malformed YAML front matter"),
    "missing required field": (
        lambda b: b.replace(b"\nlanguage: en\n", b"\n", 1),
        ":1: missing required field 'language'",
    ),
    "invalid date": (
        lambda b: b.replace(b"date: 2014-02-27", b"date: 2014-13-01", 1),
        "date: '2014-13-01' is not a real date",
    ),
    "invalid language": (
        lambda b: b.replace(b"language: en", b"language: english", 1),
        "language must be one of en, zh-Hans, zh-Hant, mixed, not 'english'",
    ),
    "unknown key": (
        lambda b: b.replace(b"\nspeaker:", b"\nspeeker:", 1),
        "unknown key 'speeker' (did you mean 'speaker'?)",
    ),
    "not UTF-8": (
        lambda b: b.replace(b"capable general", "capable g\xe9n\xe9ral".encode("latin-1"), 1),
        "not valid UTF-8 (byte 0xe9)",
    ),
    "empty file": (lambda b: b"", ":1: the file is empty"),
    "bad reading override": (
        lambda b: b.replace(b"We should", "{为|wāi} We should".encode(), 1),
        "'wāi' is not a reading of 为 (its readings: wéi, wèi)",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_source_fails_clearly(project, case):
    transform, message = CASES[case]
    edit(project, transform)
    result = project.build()
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"corpus/sources/{SOURCE}" in output and message in output, output
    assert "Traceback" not in output
    assert not (project.root / "site").exists(), "a site was written despite the error"


def test_duplicate_slug_fails_clearly(project):
    (project.sources / "course").mkdir()
    (project.sources / "course" / SOURCE).write_bytes((project.sources / SOURCE).read_bytes())
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert (
        f"corpus/sources/course/{SOURCE}:1: slug '001-build-china-into-a-cyberpower' is already used by corpus/sources/{SOURCE}"
        in output
    )


def test_bom_and_crlf_build_like_the_original(project, site_dir, site_url):
    edit(project, lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"))
    result = project.build(site_url=site_url)
    assert result.returncode == 0, result.stderr
    page = f"sources/{SOURCE[:-3]}/index.html"
    assert (project.root / "site" / page).read_bytes() == (site_dir / page).read_bytes()


def test_script_in_a_source_is_escaped(project):
    attack = b'\n\n<script>alert("x")</script> <img src=x onerror=alert(1)> <a href="#" onclick="alert(1)">t</a>\n'
    edit(project, lambda b: b + attack)
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = (project.root / "site" / "sources" / SOURCE[:-3] / "index.html").read_text()
    doc = BeautifulSoup(html, "html.parser")
    assert not [s for s in doc.find_all("script") if "alert" in s.get_text()]
    assert not [el for el in doc.find_all(True) if any(a.startswith("on") for a in el.attrs)]
    assert doc.find("img", src="x") is None
    assert '<script>alert("x")</script>' in doc.select(".lx-passage")[-1].get_text()  # kept, as text


def test_script_link_is_rejected(project):
    edit(project, lambda b: b + b"\nSee [this](javascript:alert(1)).\n")
    result = project.build()
    assert result.returncode != 0
    assert "link target 'javascript:alert(1)' is not http(s), mailto or relative" in result.stdout + result.stderr
