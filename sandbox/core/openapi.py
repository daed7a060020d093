"""OpenAPI pieces for vendor routes that parse their own requests (to answer in the vendor's
error shape, FastAPI's own validation is not used): so Postman and schemathesis still see the
documented headers and body."""

from collections.abc import Iterable


def header_parameters(headers: Iterable[tuple[str, str, str]]) -> list[dict]:
    """(name, description, example) of each mandatory header, as OpenAPI parameters."""
    return [
        {
            "name": name,
            "in": "header",
            "required": True,
            "description": text,
            "schema": {"type": "string", "example": example},
        }
        for name, text, example in headers
    ]
