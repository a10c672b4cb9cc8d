"""The one YAML loader for corpus files: safe, bounded, and keeping line numbers.

Every corpus YAML file (front matter, ``glossary.yml``, ``parallels.yml``, assignments) is read
through :func:`load`, which never raises anything but :class:`YamlProblem` (a line and a
message), so a caller turns every failure into ``file:line: problem``:

- **No aliases.** ``*name`` is refused where it is read: an alias bomb (a billion laughs) is a
  short file that expands to gigabytes, and a corpus has no need of aliases.
- **Bounded.** A file larger than :data:`MAX_BYTES`, or nested deeper than :data:`MAX_DEPTH`, is
  refused before it can use much memory or overflow the stack.
- **Safe.** Only plain YAML types are built: a ``!!python/…`` tag is a problem, not a call.
- **Dates stay text**, so that ``2015-10`` and ``2015-10-01`` validate alike.
- **Text only.** Control characters other than tab and newline are refused, whether written as
  bytes or escaped in a double-quoted string (``"\\x7f"``): they would end up in generated files.
- **Invalid UTF-8** is reported at the line of the first bad byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

MAX_BYTES = 20_000_000  # a 5,000-term glossary is about 2 MB
MAX_DEPTH = 32  # the deepest corpus structure (glossary → term → first_use → date) is 4

# C0 and C1 controls and DEL, except tab and newline (CR is removed from line ends before this).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A corpus YAML file that cannot be read: ``line`` is 1-based, in the text given to :func:`load`."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


def line_of(node: yaml.Node | yaml.Event) -> int:
    """The 1-based line on which a node (or a parser event) starts."""
    mark = node.start_mark
    return mark.line + 1 if mark is not None else 1


def key_lines(node: yaml.MappingNode) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """The line of each key of a mapping (its last use: the value YAML keeps), and every repeated
    key with the line where it is repeated."""
    lines: dict[str, int] = {}
    repeated: list[tuple[str, int]] = []
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in lines:
            repeated.append((key, line_of(key_node)))
        lines[key] = line_of(key_node)
    return lines, repeated


def control_problem(text: str, first_line: int = 1) -> tuple[int, str] | None:
    """The line and message for the first control character of ``text``, or None."""
    m = CONTROL.search(text)
    if not m:
        return None
    line = first_line + text.count("\n", 0, m.start())
    return line, f"control character U+{ord(m.group()):04X} is not allowed (remove it, or write it as text)"


def decode(raw: bytes) -> str:
    """``raw`` as text (UTF-8, with or without a BOM; CRLF and CR line ends become LF).

    Raises :class:`YamlProblem` at the line of the first byte that is not UTF-8.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Loader(yaml.SafeLoader):
    """PyYAML's SafeLoader without aliases, without timestamps and with a depth limit."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"aliases (*{event.anchor}) are not allowed in corpus files: write the value out",
                event.start_mark,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_NO_TIMESTAMPS = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.yaml_implicit_resolvers = _NO_TIMESTAMPS

_Fast: type[yaml.CSafeLoader] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CSafe(yaml.CSafeLoader):
        """libyaml's parser and composer (several times faster on a large glossary), used only after
        :func:`_check_events` has found no alias and no deep nesting in the same text."""

    _CSafe.yaml_implicit_resolvers = _NO_TIMESTAMPS
    _Fast = _CSafe


def _check_events(fast: type[yaml.CSafeLoader], text: str) -> None:
    """Refuse aliases and deep nesting from the event stream, before any node is built."""
    depth = 0
    for event in yaml.parse(text, Loader=fast):
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                line_of(event),
                f"malformed YAML: aliases (*{event.anchor}) are not allowed in corpus files: write the value out",
            )
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(line_of(event), f"malformed YAML: nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _compose_fast(fast: type[yaml.CSafeLoader], text: str) -> yaml.Node | None:
    """libyaml's node tree of ``text`` (aliases and depth checked first); YAMLError if it is malformed."""
    _check_events(fast, text)
    loader = fast(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _line_of(exc: yaml.YAMLError, text: str) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(exc, "position", None)  # a ReaderError (a character YAML does not allow)
    return text.count("\n", 0, position) + 1 if position is not None else 1


def _what(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.reader.ReaderError):
        return f"character U+{exc.character:04X} is not allowed" if isinstance(exc.character, int) else str(exc)
    parts = (getattr(exc, "context", None), getattr(exc, "problem", None))
    return ", ".join(filter(None, parts)) or str(exc)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document (None when it is empty), every node with its line.

    Raises :class:`YamlProblem`.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(1, f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    found = control_problem(text)
    if found:
        raise YamlProblem(*found)
    try:
        node = _compose_fast(_Fast, text) if _Fast is not None else None
    except yaml.YAMLError:
        node = None  # PyYAML's own parser below says what is wrong, and where, as it always has
    if node is None:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise YamlProblem(1, f"nested more than {MAX_DEPTH} levels deep") from None
        except yaml.YAMLError as exc:
            raise YamlProblem(_line_of(exc, text), f"malformed YAML: {_what(exc)}") from None
        finally:
            loader.dispose()
    if node is not None:
        _check_scalars(node)
    return node


def _check_scalars(root: yaml.Node) -> None:
    """Refuse control characters written as escapes (``"\\x7f"``) in any scalar, key or value."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            m = CONTROL.search(node.value)
            if m:
                raise YamlProblem(
                    line_of(node),
                    f"control character U+{ord(m.group()):04X} is not allowed (remove it, or write it as text)",
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]


def construct(node: yaml.Node):
    """The Python value of a node from :func:`compose` (plain dicts, lists, strings, numbers…).

    Raises :class:`YamlProblem` (an unknown tag such as ``!!python/object/apply``, an unhashable key).
    """
    loader = Loader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise YamlProblem(_line_of(exc, ""), f"malformed YAML: {_what(exc)}") from None
    except (TypeError, ValueError, RecursionError) as exc:
        raise YamlProblem(line_of(node), f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()


def load(text: str):
    """``compose`` then ``construct``: the value of a YAML document, or :class:`YamlProblem`."""
    node = compose(text)
    return None if node is None else construct(node)
