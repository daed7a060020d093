"""The contract check: what a vendor's answer does not match in its documented contract.

A vendor's `Contract` (console/vendors/<v>/contract.py) says, per step the adapter names, which
HTTP statuses are documented and, per status, the documented body as a JSON Schema (draft
2020-12) and the documented error codes. `check(contract, exchange)` returns the findings, each
``{"kind", "path", "detail"}``:

- ``missing``: a documented (required) key is absent;
- ``unexpected``: a key the document does not name, at a level it documents in full
  (``additionalProperties: false``);
- ``type``: a value of another JSON type (or a body that is not JSON where JSON is documented);
- ``status``: an HTTP status the step does not document;
- ``code``: an error code the document does not list for that status.

It returns None (not checked) for a call without an answer or a step the contract does not
cover: never a finding for what the contract cannot judge. Findings hold paths and JSON type
names only, never a value from the body (personal data); a list's items share one path
(``data.items[].name``), and a key that is no identifier (data used as a key: an e-mail, a
phone number) is ``*`` in a path. Each finding (kind, path, detail) is listed once. The body
checked is the recorded one: a value the recorder replaced by its redaction mark is not a type
finding.

`contract.step_of(method, path, body)` names the step of a request the adapter did not send
itself (the scenario runner's, a test's), from the vendor's `routes`: its calls by method and
path end, each a step name or a rule reading the call (a body flag, a query parameter).
"""

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from kyc_adapters.recorder import Exchange, Sink
from kyc_adapters.redaction import REDACTED

log = logging.getLogger(__name__)

MAX_FINDINGS = 50
CHECKER_FAILED = "checker"  # the one finding of a check that broke (a bug, not the vendor's)
BODY = "(body)"  # the path of the body as a whole
_SHOWN_CODE = re.compile(r"^(?=.*[A-Za-z_])[A-Za-z0-9_.\-]{1,40}$|^\d{1,6}$")
# A key shown in a path; any other (an e-mail or a phone number keying the vendor's data)
# is shown as DATA_KEY, so that no finding carries personal data.
_SHOWN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,63}$")
DATA_KEY = "*"


# --- what a contract is ----------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One documented answer of a step: its body and the error codes it may carry.

    `schema` None: no JSON body is documented (the body is not checked). `codes` None: the
    document lists no codes for this answer (codes are not checked). `code_at` is where the
    code sits in the body: keys, and "[]" for every item of a list.
    """

    schema: Mapping[str, Any] | None
    codes: frozenset[str] | None = None
    code_at: tuple[str, ...] = ()

    @cached_property
    def validator(self) -> Draft202012Validator | None:
        if self.schema is None:
            return None
        Draft202012Validator.check_schema(self.schema)
        return Draft202012Validator(self.schema)


@dataclass(frozen=True)
class Step:
    """A step's documented answers by HTTP status: 200, or a class such as "5xx"."""

    answers: Mapping[int | str, Answer]

    def answer(self, status: int) -> Answer | None:
        return self.answers.get(status) or self.answers.get(f"{status // 100}xx")


@dataclass(frozen=True)
class Call:
    """What a route's rule reads of a request: its method, path (no query), query parameters
    (the first value of each) and body (the JSON or form fields; None when it has none)."""

    method: str
    path: str
    query: Mapping[str, str]
    body: Any = None

    def body_field(self, name: str) -> Any:
        """A top-level field of the body, None when absent or the body is no object."""
        return self.body.get(name) if isinstance(self.body, Mapping) else None


# A route's step: its name, or a rule naming it from the call (None: not this vendor's call).
Rule = str | Callable[[Call], str | None]


@dataclass(frozen=True)
class Contract:
    """A vendor's documented answers, by the step names its adapter passes, and the routes
    that name the step of a request from its method and path.

    `routes` keys are (method, path end): the path's last segments, below any prefix or base
    URL, "*" standing for one segment of data (an id); the first route that matches wins.
    """

    steps: Mapping[str, Step] = field(default_factory=dict)
    routes: Mapping[tuple[str, str], Rule] = field(default_factory=dict)

    def step(self, name: str) -> Step | None:
        return self.steps.get(name)

    def step_of(self, method: str, path: str, body: Any = None) -> str | None:
        """The step the adapter would name this request (a path or a whole URL, its query
        read by the rules); None for a request no route names (no call of the adapter's)."""
        parts = urlsplit(path)
        segments = _segments(parts.path)
        query: dict[str, str] = {}
        for name, value in parse_qsl(parts.query):
            query.setdefault(name, value)  # the first of a repeated parameter, as documented
        call = Call(method.upper(), parts.path, query, body)
        for (route_method, route_path), rule in self.routes.items():
            if route_method.upper() == call.method and _ends_with(segments, route_path):
                return rule if isinstance(rule, str) else rule(call)
        return None


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def _ends_with(segments: list[str], route_path: str) -> bool:
    tail = _segments(route_path)
    if not tail or len(tail) > len(segments):
        return False
    return all(want in ("*", got) for want, got in zip(tail, segments[-len(tail) :], strict=True))


# --- schema helpers for the vendors' contracts ----------------------------------------------

STRING: dict = {"type": "string"}
INTEGER: dict = {"type": "integer"}
NUMBER: dict = {"type": "number"}
BOOLEAN: dict = {"type": "boolean"}
ANY_OBJECT: dict = {"type": "object"}  # documented as an object, its inside not
ANY: dict = {}  # a key whose value's type no document gives


def obj(required: Mapping[str, Any], optional: Mapping[str, Any] | None = None, *, closed=True):
    """An object with these keys; `closed`: any other key is unexpected."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


def array(items: Mapping[str, Any]) -> dict:
    return {"type": "array", "items": dict(items)}


def map_of(values: Mapping[str, Any]) -> dict:
    """An object whose keys are data (documents, fields), each value of one shape."""
    return {"type": "object", "additionalProperties": dict(values)}


def json_body(schema: Mapping[str, Any]) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


# --- the check -------------------------------------------------------------------------------


def check(contract: Contract | None, exchange: Exchange) -> list[dict] | None:
    """The findings on `exchange`'s answer; None when the contract cannot judge it."""
    if contract is None or exchange.status_code is None:
        return None
    step = contract.step(exchange.step)
    if step is None:
        return None
    status = exchange.status_code
    answer = step.answer(status)
    if answer is None:
        return [_finding("status", "(status)", f"HTTP {status} is not a documented answer.")]
    if answer.schema is None:
        return []
    body = exchange.response_body
    if body is None:
        return [_finding("missing", BODY, "No body, where a JSON body is documented.")]
    if isinstance(body, str):
        return [_finding("type", BODY, "The body is not JSON, where JSON is documented.")]
    findings = _schema_findings(answer, body)
    if answer.codes is not None:
        findings.extend(_code_findings(answer, body, status))
    return _bounded(findings)


def check_safely(contract: Contract | None, exchange: Exchange) -> list[dict] | None:
    """`check`, never raising: a check that breaks is one finding, and a log line."""
    try:
        return check(contract, exchange)
    except Exception as exc:  # a broken schema must never break the vendor call
        log.exception("contract check failed on step %r", exchange.step)
        return [_finding(CHECKER_FAILED, "(contract)", f"checker failed ({type(exc).__name__})")]


def checking(sink: Sink, contract: Contract | None) -> Sink:
    """A sink that records each exchange with its findings."""

    def write(exchange: Exchange) -> None:
        sink(replace(exchange, contract=check_safely(contract, exchange)))

    return write


def _schema_findings(answer: Answer, body: Any) -> list[dict]:
    assert answer.validator is not None
    findings: list[dict] = []
    for error in answer.validator.iter_errors(body):
        findings.extend(_explain(error))
        if len(findings) > MAX_FINDINGS * 2:
            break
    return findings


def _explain(error: ValidationError) -> list[dict]:
    where = list(error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        return [
            _finding("missing", _path([*where, key]), "A documented key is absent.")
            for key in error.validator_value
            if key not in instance
        ]
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(
        instance, dict
    ):
        known = error.schema.get("properties", {})
        patterns = list(error.schema.get("patternProperties", {}))
        return [
            _finding("unexpected", _path([*where, key]), "A key the document does not name.")
            for key in instance
            if key not in known and not any(re.search(p, str(key)) for p in patterns)
        ]
    if instance == REDACTED:
        return []  # the recorder replaced a secret's value: its type is not known here
    if error.validator in ("type", "anyOf", "oneOf"):
        expected = _expected_types(error)
        detail = f"Expected {expected}, got {_json_type(instance)}."
    else:
        detail = f"A {_json_type(instance)} that breaks the documented rule '{error.validator}'."
    return [_finding("type", _path(where), detail)]


def _code_findings(answer: Answer, body: Any, status: int) -> list[dict]:
    assert answer.codes is not None
    path = _path(list(answer.code_at))
    findings = []
    for code in _at(body, answer.code_at):
        if code is None or str(code) in answer.codes:
            continue
        shown = str(code) if isinstance(code, str | int) and _SHOWN_CODE.match(str(code)) else ""
        named = f"Error code {shown}" if shown else "An error code"
        findings.append(_finding("code", path, f"{named} is not documented for HTTP {status}."))
    return findings


def _at(value: Any, keys: tuple[str, ...]) -> Iterator[Any]:
    if not keys:
        yield value
        return
    head, rest = keys[0], keys[1:]
    if head == "[]":
        if isinstance(value, list):
            for item in value:
                yield from _at(item, rest)
    elif isinstance(value, dict) and head in value:
        yield from _at(value[head], rest)


def _bounded(findings: list[dict]) -> list[dict]:
    """Each finding once (several undocumented codes at one path are several findings)."""
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for finding in findings:
        key = (finding["kind"], finding["path"], finding["detail"])
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept[:MAX_FINDINGS]


def _finding(kind: str, path: str, detail: str) -> dict:
    return {"kind": kind, "path": path, "detail": detail}


def _path(parts: list) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int) or part == "[]":  # an item's index, or code_at's "every item"
            text += "[]"
        else:
            key = str(part) if _SHOWN_KEY.match(str(part)) else DATA_KEY
            text += f".{key}" if text else key
    return text or BODY


_TYPE_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "boolean"),
    ((int, float), "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    for kinds, name in _TYPE_NAMES:
        if isinstance(value, kinds):
            return "integer" if name == "number" and isinstance(value, int) else name
    return type(value).__name__


def _expected_types(error: ValidationError) -> str:
    if error.validator == "type":
        value = error.validator_value
        return " or ".join(value) if isinstance(value, list) else str(value)
    names = [
        " or ".join(t) if isinstance(t, list) else str(t)
        for branch in error.validator_value
        if (t := branch.get("type")) is not None
    ]
    return " or ".join(names) or "another shape"
