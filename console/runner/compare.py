"""What an answer promised and what came back, check by check, and the diff a person reads.

The catalog promises a status, and may promise the vendor's error code, its message and
values at dotted paths of the body. Vendors put their code and message in different places,
so both are found by name, nearest the top of the body first: a code under `code`; a message
under `message`, `cause`, `detail`, `msg` or `error` (a string, or a list's first string).
A body that is not JSON (an HTML page) holds the message when its text contains it.

What a result shows of a value, expected or got, passes the console's redactor whole (its
sub-tree under the check's key): a secret never, personal data masked as history masks it.
A JSON body nested deeper than MAX_DEPTH is not compared: the answer is `Unreadable`.
"""

import difflib
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kyc_adapters.redaction import Redactor

CODE_KEYS = ("code", "errorCode", "error_code")
MESSAGE_KEYS = ("message", "cause", "detail", "msg", "error", "error_description")
ABSENT = "(absent)"
MAX_SHOWN = 1000  # characters of one value in a diff line
# Levels of JSON nesting a report holds (its own levels and the answer's): well inside what
# the parser, the redactor's recursion and pydantic's serializer (255) take.
MAX_DEPTH = 100
MASKED_DIFFERENCE = "(differs where it is masked)"


class Unreadable(ValueError):
    """An answer whose JSON body cannot be read and kept; the message says why."""


class _Absent:
    def __repr__(self) -> str:
        return ABSENT


MISSING: Any = _Absent()


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    body: Any = MISSING  # the parsed JSON, MISSING when the body is not JSON
    content_type: str = ""

    @classmethod
    def of(cls, status: int, content: bytes, content_type: str) -> "Answer":
        text = content.decode("utf-8", errors="replace")
        try:
            body = json.loads(text) if text.strip() else MISSING
        except RecursionError:
            raise Unreadable(_too_deep(status, content, "deeper than the parser goes")) from None
        except ValueError:
            body = MISSING
        levels = depth(body)
        if levels > MAX_DEPTH:
            raise Unreadable(_too_deep(status, content, f"{levels} levels deep"))
        return cls(status, text, body, content_type)


@dataclass(frozen=True)
class Check:
    name: str  # status, code, message, fields.<dotted path>
    expected: Any
    got: Any

    @property
    def same(self) -> bool:
        return _canonical(self.expected) == _canonical(self.got)


@dataclass(frozen=True)
class Comparison:
    checks: tuple[Check, ...]
    redactor: Redactor | None = None

    @property
    def passed(self) -> bool:
        return all(c.same for c in self.checks)

    def expected(self) -> dict[str, Any]:
        return {c.name: _jsonable(self._shown(c, c.expected)) for c in self.checks}

    def got(self) -> dict[str, Any]:
        return {c.name: _jsonable(self._shown(c, c.got)) for c in self.checks}

    def diff(self) -> str:
        """Unified diff of expected against got, every check as a line ('' when they agree)."""
        if self.passed:
            return ""
        expected = [f"{c.name}: {self._text(c, c.expected)}" for c in self.checks]
        got = [f"{c.name}: {self._text(c, c.got, got=True)}" for c in self.checks]
        lines = difflib.unified_diff(
            expected, got, "expected", "got", lineterm="", n=len(self.checks)
        )
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: each differing check, expected then got."""
        return "; ".join(
            f"{c.name}: expected {self._text(c, c.expected, 120)}, "
            f"got {self._text(c, c.got, 120, got=True)}"
            for c in self.checks
            if not c.same
        )

    def _shown(self, check: Check, value: Any) -> Any:
        """What is shown of a value, expected or got: passed through the redactor whole, under
        its check's key (a secret never; personal data masked when the console masks it)."""
        if self.redactor is None or value is MISSING:
            return value
        key = _key(check.name)
        return self.redactor.body({key: value})[key]

    def _text(self, check: Check, value: Any, limit: int = MAX_SHOWN, got: bool = False) -> str:
        text = _text(self._shown(check, value), limit)
        if got and not check.same:
            expected = _canonical(self._shown(check, check.expected))
            if expected == _canonical(self._shown(check, check.got)):
                text += " " + MASKED_DIFFERENCE  # else the two lines would read the same
        return text


def compare(expect: dict[str, Any], answer: Answer, redactor: Redactor | None = None):
    """Each promise of `expect` (the catalog's shape) against `answer`."""
    checks = [Check("status", expect["status"], answer.status)]
    if expect.get("code") is not None:
        checks.append(Check("code", expect["code"], code_of(answer)))
    if expect.get("message") is not None:
        checks.append(Check("message", expect["message"], _message(answer, expect["message"])))
    for path, value in (expect.get("fields") or {}).items():
        checks.append(Check(f"fields.{path}", value, dotted(answer.body, path)))
    return Comparison(tuple(checks), redactor)


def depth(value: Any) -> int:
    """How many levels of objects and lists `value` nests (0 for a scalar), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def _too_deep(status: int, content: bytes, nesting: str) -> str:
    return (
        f"The answer (HTTP {status}, {len(content)} bytes) is JSON nested {nesting}, more "
        f"than the {MAX_DEPTH} levels the runner reads: not compared."
    )


def dotted(body: Any, path: str) -> Any:
    """body['a']['b'][0] for 'a.b.0'; MISSING where the path leads nowhere."""
    for part in path.split("."):
        if isinstance(body, dict) and part in body:
            body = body[part]
        elif isinstance(body, list) and part.isdigit() and int(part) < len(body):
            body = body[int(part)]
        else:
            return MISSING
    return body


def code_of(answer: Answer) -> Any:
    """The vendor's error code in a JSON body, as text; MISSING when there is none."""
    found = _nearest(answer.body, CODE_KEYS, lambda v: isinstance(v, str | int) and v != "")
    return str(found) if isinstance(found, int) and not isinstance(found, bool) else found


def message_of(answer: Answer) -> Any:
    """The vendor's message in a JSON body; MISSING when there is none."""
    found = _nearest(answer.body, MESSAGE_KEYS, _is_text)
    return found[0] if isinstance(found, list) else found


def _message(answer: Answer, expected: str) -> Any:
    if answer.body is not MISSING:
        return message_of(answer)
    if expected in answer.text:
        return expected
    kind = answer.content_type.split(";")[0] or "text"
    return f"(a {kind} body of {len(answer.text)} characters without this message)"


def _is_text(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and isinstance(value[0], str)
    return isinstance(value, str) and value != ""


def _nearest(body: Any, keys: tuple[str, ...], fits: Callable[[Any], bool]) -> Any:
    """The first value under one of `keys` that `fits`, breadth first (top of the body first,
    each object's keys in their order)."""
    queue = deque([body])
    while queue:
        node = queue.popleft()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keys and fits(value):
                    return value
            queue.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            queue.extend(v for v in node if isinstance(v, dict | list))
    return MISSING


def _canonical(value: Any) -> str:
    """Equal only when equal as JSON, types included (True is not 1, "1800" is not 1800)."""
    if value is MISSING:
        return ABSENT + "\0"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _text(value: Any, limit: int = MAX_SHOWN) -> str:
    shown = ABSENT if value is MISSING else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _jsonable(value: Any) -> Any:
    return ABSENT if value is MISSING else value


def _key(name: str) -> str:
    """The key a check's value sits under: the last name of its dotted path (a list index is
    not one), or the check's own name (status, code, message)."""
    parts = name.removeprefix("fields.").split(".") if name.startswith("fields.") else [name]
    return next((part for part in reversed(parts) if not part.isdigit()), name)
