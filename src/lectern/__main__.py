"""Command line: ``python -m lectern check [--readings]|anchors [CORPUS_DIR]``, ``annotate FILE`` and ``links [SITE_DIR]``."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

from . import anchors
from .corpus import CorpusError, load_corpus

DESCRIPTION = """\
Tools for a lectern corpus and the site built from it. Run a command with -h for its options.
The site itself is built by MkDocs with the lectern plugin (mkdocs build)."""
EPILOG = """\
examples:
  lectern check                 validate corpus/ and report every problem as file:line
  lectern check --readings      list the readings the engine is least sure of
  lectern anchors               record passage anchors after editing a source
  echo 为人民服务 | lectern annotate -
                                print HTML with pinyin over every Chinese character
  lectern links site            check every internal link and anchor of a built site"""


def _check(args: argparse.Namespace) -> int:
    import jieba  # the glossary's pinyin may need the reading engine; quiet its loading chatter

    from .publish import load

    jieba.setLogLevel(logging.WARNING)
    inputs = load(args.corpus)
    if args.readings:
        for line in doubtful_readings(inputs.corpus):
            print(line)
        return 0
    passages = sum(len(s.passages) for s in inputs.corpus.sources)
    print(
        f"{args.corpus}: {len(inputs.corpus.sources)} sources, {passages} passages, "
        f"{len(inputs.glossary.terms)} glossary terms, {len(inputs.assignments)} assignments, no problems"
    )
    return 0


def doubtful_readings(corpus) -> list[str]:
    """The readings the engine is least sure of, source by source, as
    ``file:line: 为 wéi (or wèi): the sentence``; editorial readings are never listed."""
    from . import reading

    out = []
    for source in corpus.sources:
        for passage in source.passages:
            if not passage.language.startswith("zh"):
                continue
            text, edited = passage.text, {index for index, _ in passage.readings}
            han = [i for i, c in enumerate(text) if reading.HAN_CHAR.match(c)]
            for doubt in reading.doubts(text):
                if han.index(doubt.offset) in edited:
                    continue
                start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, doubt.offset)), default=0)
                end = next((m.end() for m in _CLAUSE_END.finditer(text, doubt.offset)), len(text))
                line = passage.line + text.count("\n", 0, doubt.offset)
                out.append(
                    f"{source.path}:{line}: {doubt.char} {doubt.reading} (or {doubt.alternative}): "
                    f"{' '.join(text[start:end].split())}"
                )
    return out


_CLAUSE_END = re.compile(r"[。！？；!?;\n]+")


def _anchors(args: argparse.Namespace) -> int:
    """Record the current passage ids in corpus/anchors/<slug>.txt."""
    corpus = load_corpus(args.corpus)
    folder = Path(args.corpus) / "anchors"
    folder.mkdir(exist_ok=True)
    stale = [s for s in corpus.sources if s.anchors.stale]
    for source in stale:
        texts = {p.id: p.text for p in source.passages}
        path = folder / f"{source.slug}.txt"
        path.write_text(anchors.format_ledger(source.anchors.ledger, texts), encoding="utf-8")
        print(f"wrote {path}")
    if args.check and stale:
        print("anchor ledgers were out of date; commit the files above", file=sys.stderr)
        return 1
    if not stale:
        print("anchor ledgers are up to date")
    return 0


def _annotate(args: argparse.Namespace) -> int:
    """Print the pinyin-annotated HTML fragment of a text file (``-`` reads standard input)."""
    import jieba  # sets its own log level on import, so quiet it after

    from . import ruby

    jieba.setLogLevel(logging.WARNING)
    name = "standard input" if str(args.file) == "-" else str(args.file)
    try:
        data = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
        text = data.decode("utf-8-sig")
    except OSError as exc:
        print(f"lectern annotate: {name}: cannot read it ({exc.strerror or exc})", file=sys.stderr)
        return 1
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        print(
            f"lectern annotate: {name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            file=sys.stderr,
        )
        return 1
    sys.stdout.write(ruby.annotate_text(text))
    return 0


def _links(args: argparse.Namespace) -> int:
    """Report every broken internal link or anchor of a built site."""
    from .links import check_site

    broken = check_site(args.site)
    for link in broken:
        print(link)
    print(f"{args.site}: {len(broken)} broken internal link{'s' * (len(broken) != 1)}", file=sys.stderr)
    return 1 if broken else 0


def _folder(text: str) -> Path:
    """An argument that must name an existing folder (a missing one is an error, never an empty pass)."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: no such folder" if not path.exists() else f"{text}: not a folder")
    return path


def version() -> str:
    from importlib import metadata

    try:
        return metadata.version("mkdocs-lectern")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    top = argparse.ArgumentParser(prog="lectern", description=DESCRIPTION, epilog=EPILOG, formatter_class=formatter)
    top.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate the corpus and report every problem",
        description="Validate every corpus file and report each problem as file:line: problem.",
    )
    check.add_argument(
        "--readings",
        action="store_true",
        help="list the readings the engine is least sure of (file:line, reading, alternative)",
    )
    check.set_defaults(run=_check)
    record = commands.add_parser(
        "anchors",
        help="record passage anchors so links stay stable",
        description="Write corpus/anchors/<slug>.txt for every source whose passages changed.",
    )
    record.add_argument("--check", action="store_true", help="exit 1 if a ledger had to change")
    record.set_defaults(run=_anchors)
    for command in (check, record):
        command.add_argument(
            "corpus", nargs="?", default="corpus", type=_folder, help="the corpus folder (default: corpus)"
        )
    annotate = commands.add_parser(
        "annotate",
        help="print a text file as HTML with pinyin over every character",
        description="Print an HTML fragment of a UTF-8 text file: one <p> per paragraph, "
        "pinyin ruby over every Chinese character, read in context.",
    )
    annotate.add_argument("file", type=Path, help="a UTF-8 text file, or - for standard input")
    annotate.set_defaults(run=_annotate)
    links = commands.add_parser(
        "links",
        help="check every internal link and anchor of a built site",
        description="Report every broken internal link or anchor of a built site; exit 1 if there is one.",
    )
    links.add_argument("site", nargs="?", default="site", type=_folder, help="the built site folder (default: site)")
    links.set_defaults(run=_links)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CorpusError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
