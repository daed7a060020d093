"""What an answer promised and what came back, check by check, and the diff a person reads.

The catalog promises a status, and may promise the vendor's error code, its message and
values at dotted paths of the body. Vendors put their code and message in different places,
so both are found by name, nearest the top of the body first: a code under `code`; a message
under `message`, `cause`, `detail`, `msg` or `error` (a string, or a list's first string).
A body that is not JSON (an HTML page) holds the message when its text contains it.
"""

import difflib
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kyc_adapters.redaction import REDACTED, Redactor, mask

CODE_KEYS = ("code", "errorCode", "error_code")
MESSAGE_KEYS = ("message", "cause", "detail", "msg", "error", "error_description")
ABSENT = "(absent)"
MAX_SHOWN = 1000  # characters of one value in a diff line


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
        except ValueError:
            body = MISSING
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
        return {c.name: _jsonable(c.expected) for c in self.checks}

    def got(self) -> dict[str, Any]:
        return {c.name: _jsonable(self._shown(c)) for c in self.checks}

    def diff(self) -> str:
        """Unified diff of expected against got, every check as a line ('' when they agree)."""
        if self.passed:
            return ""
        expected = [f"{c.name}: {_text(c.expected)}" for c in self.checks]
        got = [f"{c.name}: {_text(self._shown(c))}" for c in self.checks]
        lines = difflib.unified_diff(
            expected, got, "expected", "got", lineterm="", n=len(self.checks)
        )
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: each differing check, expected then got."""
        return "; ".join(
            f"{c.name}: expected {_text(c.expected, 120)}, got {_text(self._shown(c), 120)}"
            for c in self.checks
            if not c.same
        )

    def _shown(self, check: Check) -> Any:
        """What is shown of a value that came back: a secret never, personal data masked
        (unless it is exactly what the public catalog expected)."""
        if self.redactor is None or check.got is MISSING:
            return check.got
        key = check.name.rsplit(".", 1)[-1].lower()
        if key in self.redactor.secret_keys:
            return REDACTED
        if key in self.redactor.pii_keys and self.redactor.mask_pii and not check.same:
            return mask(check.got) if isinstance(check.got, str) else "***"
        return _redact_text(check.got, self.redactor.text)


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


def _redact_text(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redact_text(v, redact) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_text(v, redact) for v in value]
    return value
