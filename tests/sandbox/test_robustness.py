"""Hostile and odd requests: vendor routes answer in the vendor's shape, the control plane in
FastAPI's 422 shape, and nothing answers a plain-text 500."""

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sandbox.ckyc_doc import (
    ASHA,
    ER_AUTH,
    ER_REQ_VALIDATE,
    HEADERS,
    INVALID_CREDENTIALS,
    PREFIX,
    START,
    VALIDATE,
    assert_vendor_error,
    start,
)

JSON = {"content-type": "application/json"}


def deeply_nested(depth: int) -> bytes:
    return b'{"idNo":' * depth + b'"x"' + b"}" * depth


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 5_000,
        deeply_nested(5_000),
        b'{"idNo": ' + b"9" * 5_000 + b"}",  # past Python's int digit limit
        b'{"idNo": NaN, "idType": "C", "entityType": "individual"}',
        b"\xff\xfe{}",
    ],
    ids=["5000 [", "nested objects", "5000-digit int", "NaN", "not UTF-8"],
)
@pytest.mark.parametrize("path", [START, VALIDATE])
def test_bodies_json_cannot_hold_are_the_vendors_400(
    sandbox: httpx.Client, path: str, raw: bytes
) -> None:
    response = sandbox.post(path, headers=HEADERS, content=raw)
    assert_vendor_error(response, 400)
    assert response.json()["error"]["code"] == ER_REQ_VALIDATE


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000, iter([b" " * 40_000] * 3)],
    ids=["100,000 [ with a Content-Length", "120 kB chunked"],
)
def test_a_body_past_the_cap_is_the_vendors_413(sandbox: httpx.Client, content) -> None:
    response = sandbox.post(START, headers=HEADERS, content=content)
    assert_vendor_error(response, 413)
    assert start(sandbox).status_code == 200  # and the connection goes on serving


@pytest.mark.parametrize("header", ["appId", "appKey"])
def test_a_non_ascii_credential_is_refused_as_invalid(sandbox: httpx.Client, header: str) -> None:
    headers = {**HEADERS, header: b"sandbox-app-k\xe9y"}
    response = sandbox.post(START, headers=headers, json=ASHA)
    assert_vendor_error(response, 401, INVALID_CREDENTIALS)
    assert response.json()["error"]["code"] == ER_AUTH


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", START, 405),
        ("OPTIONS", VALIDATE, 405),
        ("POST", f"{PREFIX}/api/v1/nothing", 404),
        ("POST", f"{START}/", 404),
        ("GET", PREFIX, 404),
    ],
)
def test_unknown_paths_and_methods_keep_the_vendor_shape(
    sandbox: httpx.Client, method: str, path: str, status: int
) -> None:
    assert_vendor_error(sandbox.request(method, path, headers=HEADERS), status)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(["otp", "requestId", "idNo", "idType", "entityType", "retry"])
                    | st.text(max_size=5),
                    inner,
                    max_size=5,
                )
            ),
            max_leaves=12,
        ).map(lambda value: json.dumps(value).encode()),
    ),
    path=st.sampled_from([START, VALIDATE]),
)
def test_any_body_gets_a_vendor_shaped_answer(sandbox: httpx.Client, body: bytes, path) -> None:
    response = sandbox.post(path, headers=HEADERS, content=body)
    assert response.status_code in (200, 400, 404), response.text
    if response.status_code != 200:
        assert_vendor_error(response, response.status_code)


# --- the control plane -------------------------------------------------------------------


def assert_422(response: httpx.Response, field: str, openapi: dict) -> str:
    """FastAPI's 422 as /openapi.json declares it: {"detail": [{loc, msg, type}]}."""
    assert response.status_code == 422, response.text
    schemas = openapi["components"]["schemas"]
    assert set(response.json()) == set(schemas["HTTPValidationError"]["properties"])
    item = schemas["ValidationError"]
    for error in response.json()["detail"]:
        assert set(item["required"]) <= set(error) <= set(item["properties"])
        assert all(isinstance(part, str | int) for part in error["loc"])
        assert isinstance(error["msg"], str) and isinstance(error["type"], str)
    assert response.json()["detail"][0]["loc"][-1] == field
    return response.json()["detail"][0]["msg"]


@pytest.fixture(scope="module")
def openapi(sandbox_url: str) -> dict:
    return httpx.get(f"{sandbox_url}/openapi.json").json()


@pytest.mark.parametrize(
    "seconds", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b'"5"', b"true", b'"yes"', b"null"]
)
def test_the_clock_takes_a_finite_number_of_seconds_only(
    sandbox: httpx.Client, openapi: dict, seconds: bytes
) -> None:
    body = b'{"seconds": ' + seconds + b"}"
    response = sandbox.post("/_sandbox/clock/advance", content=body, headers=JSON)
    assert_422(response, "seconds", openapi)
    assert sandbox.get("/_sandbox/clock").json()["offsetSeconds"] == 0


def test_the_clock_stops_short_of_the_year_9999(sandbox: httpx.Client, openapi: dict) -> None:
    year = 366 * 24 * 3600
    for _ in range(200):
        moved = sandbox.post("/_sandbox/clock/advance", json={"seconds": year})
        if moved.status_code != 200:
            break
    else:
        pytest.fail("two centuries of advances and the clock still moves")
    message = assert_422(moved, "seconds", openapi)
    assert "reset" in message
    assert sandbox.get("/_sandbox/clock").status_code == 200
    assert sandbox.get("/_sandbox/inbox", params={"mobile": "9876501865"}).status_code == 200
    assert start(sandbox).status_code == 200


def test_freeze_takes_a_boolean_only(sandbox: httpx.Client, openapi: dict) -> None:
    response = sandbox.post("/_sandbox/clock/freeze", json={"frozen": "yes"})
    assert_422(response, "frozen", openapi)


@pytest.mark.parametrize(
    ("raw", "status"),
    [(b"[" * 5_000, 400), (b"[" * 100_000, 413)],
)
def test_control_plane_bodies_json_cannot_hold(sandbox: httpx.Client, raw: bytes, status) -> None:
    response = sandbox.post("/_sandbox/clock/advance", content=raw, headers=JSON)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str | list)


@pytest.mark.parametrize(
    ("fault", "field", "says"),
    [
        ({"vendor": "nobody", "mode": "http_500"}, "vendor", "hyperverge-ckyc"),
        ({"path": "api/v1/start"}, "path", "'/'"),
        ({"path": "/hyperverge-ckyc/api/v1/start"}, "path", "'/api/v1/start'"),
        ({"path": "/api/v1/strat"}, "path", "/api/v1/validateOtpAndDownload"),
        ({"path": "/api/v1/start?x=1"}, "path", "query"),
        ({"times": True}, "times", ""),
        ({"mode": "slow", "seconds": float("inf")}, "seconds", ""),
    ],
)
def test_a_fault_that_could_never_fire_is_refused_saying_why(
    sandbox: httpx.Client, openapi: dict, fault: dict, field: str, says: str
) -> None:
    body = json.dumps({"vendor": "hyperverge-ckyc", "mode": "http_500", **fault}).encode()
    response = sandbox.post("/_sandbox/faults", content=body, headers=JSON)
    assert says in assert_422(response, field, openapi)
    assert sandbox.get("/_sandbox/faults").json() == {"armed": []}
