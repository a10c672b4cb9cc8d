"""The build's caches: versioned, forgiving when damaged, written atomically."""

import json

from lectern import jsoncache


def test_round_trip(tmp_path):
    path = tmp_path / "deep" / "cache.json"
    jsoncache.write(path, 3, {"a": [1, "二"]})
    assert jsoncache.read(path, 3) == {"a": [1, "二"]}
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 3
    assert [p.name for p in path.parent.iterdir()] == ["cache.json"]  # no temporary file left


def test_another_version_reads_as_empty(tmp_path):
    path = tmp_path / "cache.json"
    jsoncache.write(path, 1, {"a": 1})
    assert jsoncache.read(path, 2) == {}


def test_missing_damaged_or_foreign_files_read_as_empty(tmp_path):
    path = tmp_path / "cache.json"
    assert jsoncache.read(path, 1) == {} and jsoncache.read(None, 1) == {}
    path.write_text('{"version": 1, "a"', encoding="utf-8")
    assert jsoncache.read(path, 1) == {}
    path.write_text("[1, 2]", encoding="utf-8")
    assert jsoncache.read(path, 1) == {}


def test_write_replaces_the_old_file_whole(tmp_path):
    path = tmp_path / "cache.json"
    jsoncache.write(path, 1, {"a": "x" * 1000})
    jsoncache.write(path, 1, {"b": 2})
    assert jsoncache.read(path, 1) == {"b": 2}
