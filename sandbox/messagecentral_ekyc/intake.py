"""generate-url's caller, as the document describes it: headers `flow_id` (or a `flow_id` query
parameter, as the vendor's "Missing flow_id header/query." allows) and `api_key: Bearer <key>`,
and `company_name`, which the document sends three ways: a form field (its cURL), a JSON body
field (its table) and a header (its 401 text). All three are read; the body's first.
"""

import json

from starlette.exceptions import HTTPException
from starlette.requests import Request

FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


async def company_name(request: Request) -> str | None:
    """The body's company_name (form or JSON), else the header's; None when neither holds a
    non-empty string. A body that cannot be parsed holds none (the vendor's 401 follows)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    value: object = None
    if kind in FORMS:
        try:
            form = await request.form(max_files=10, max_fields=50)
        except (HTTPException, ValueError, KeyError, AssertionError):
            form = None
        value = form.get("company_name") if form is not None else None
    elif kind == "application/json" or kind.endswith("+json"):
        try:
            body = json.loads(await request.body())
        except (ValueError, RecursionError):
            body = None
        value = body.get("company_name") if isinstance(body, dict) else None
    if not (isinstance(value, str) and value.strip()):
        value = request.headers.get("company_name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def flow_id(request: Request) -> str | None:
    value = request.headers.get("flow_id") or request.query_params.get("flow_id") or ""
    return value.strip() or None


def api_key(request: Request) -> str | None:
    """The key of `api_key: Bearer <key>`; None when the header is missing or not of that form
    (the prefix is compared exactly: the vendor's message quotes it, 'Bearer ')."""
    value = request.headers.get("api_key", "")
    if not value.startswith("Bearer "):
        return None
    return value[len("Bearer ") :].strip() or None
