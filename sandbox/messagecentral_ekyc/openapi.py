"""OpenAPI for generate-url (which parses its own request, to answer in the vendor's shape) and
for the hosted journey's pages and posts (the sandbox's own: the vendor does not publish them)."""

from sandbox.core.openapi import header_parameters

HEADERS = (
    (
        "flow_id",
        "Flow ID created in your console (or the flow_id query parameter)",
        "sbx-basic-flow",
    ),
    ("api_key", "Bearer <API key from your console>", "Bearer sandbox-ekyc-api-key"),
)
COMPANY = {
    "type": "object",
    "required": ["company_name"],
    "properties": {
        "company_name": {
            "type": "string",
            "description": "Company name used during signup (also accepted as a header)",
            "example": "KYC Console Demo",
        }
    },
}
GENERATED = "{url, token, journey_id, expires_in_minutes, message}"
REFUSED = '{"detail": "..."}'


def generate_url() -> dict:
    return {
        "parameters": header_parameters(HEADERS),
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {"schema": COMPANY},
                "application/x-www-form-urlencoded": {"schema": COMPANY},
                "application/json": {"schema": COMPANY},
            },
        },
        "responses": {
            "200": {"description": GENERATED},
            "401": {"description": f"{REFUSED}: missing company name, flow_id or Bearer key"},
            "403": {"description": f"{REFUSED}: trial attempts exhausted"},
            "429": {"description": f"{REFUSED}: more than 20 URLs in 10 s for one key"},
        },
    }


def page(description: str, statuses: dict[str, str]) -> dict:
    return {
        "description": description,
        "responses": {status: {"description": text} for status, text in statuses.items()},
    }


def step(name: str, fields: dict[str, dict] | None = None) -> dict:
    extra = page(
        f"The hosted journey's {name} step (the sandbox's own; its pages post here). Answers "
        "{journey_id, status, step, outcome, reason, message, attempts_left, next, redirect}.",
        {
            "200": "the step's outcome",
            "404": "no such journey",
            "409": "the journey ended or stands at another step",
        },
    )
    if fields:
        schema = {"type": "object", "properties": fields}
        extra["requestBody"] = {"content": {"multipart/form-data": {"schema": schema}}}
    return extra
