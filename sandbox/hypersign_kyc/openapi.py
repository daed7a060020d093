"""OpenAPI for the routes, which parse their own requests (to answer in each service's error
shape): the documented headers, the query, the body schema and the answers."""

from pydantic import BaseModel

from sandbox.core.openapi import header_parameters
from sandbox.hypersign_kyc import bodies, paths

KYC_ADMIN = ("x-kyc-access-token", "The KYC service's admin token (dashboard OAuth)", "...")
SSI_BEARER = ("Authorization", "Bearer <the SSI service's admin token>", "Bearer ...")
USER_BEARER = ("Authorization", "Bearer <kycServiceUserAccessToken>", "Bearer ...")
KYC_ERRORS = "KYC: {success: false, statusCode, error: {code, message}}"
SSI_ERRORS = "SSI: {statusCode, message: [..], error}"

ROUTES: dict[str, tuple[tuple, type[BaseModel] | None, dict[str, str]]] = {
    paths.OAUTH: (
        (("X-Api-Secret-Key", "The app's KYC or SSI API secret", "sandbox-kyc-api-secret"),),
        None,
        {"200": "{access_token, tokenType, expiresIn}", "400": "unknown grant_type", "401": ""},
    ),
    paths.SESSION: ((KYC_ADMIN,), None, {"200": "{success, data: {sessionId}}", "401": ""}),
    paths.DID_CREATE: (
        (SSI_BEARER,),
        bodies.DidCreate,
        {"201": "{did, registrationStatus, transactionHash, metadata: {didDocument}}"},
    ),
    paths.ISSUE_JWT: ((SSI_BEARER,), bodies.IssueJwt, {"200": "{accessToken, expiresIn}"}),
    paths.EXCHANGE: (
        (
            ("Authorization", "Bearer <DID-JWT from issue-jwt>", "Bearer eyJ..."),
            ("x-ssi-access-token", "The SSI service's admin token", "..."),
            KYC_ADMIN,
        ),
        bodies.Exchange,
        {"200": "{success, data: {kycServiceUserAccessToken, expiresIn}}"},
    ),
    paths.EXTRACT: (
        (KYC_ADMIN, USER_BEARER),
        bodies.Extract,
        {"200": "{success, data: {extractionToken, extractedData, ..., [warnings]}}", "422": ""},
    ),
    paths.BIOMETRICS: (
        (
            KYC_ADMIN,
            ("x-issuer-did", "The app's issuer DID", "did:hid:z6Mk..."),
            ("x-issuer-did-ver-method", "The issuer DID's verification method", "...#key-1"),
            USER_BEARER,
        ),
        bodies.Biometrics,
        {"200": "{success, data: {credentials: [VC, VC], faceMatch}}", "422": ""},
    ),
    paths.PRESENTATION: ((SSI_BEARER,), bodies.Presentation, {"201": "{presentation}"}),
    paths.CONSENTS: (
        (KYC_ADMIN, USER_BEARER),
        bodies.Consents,
        {"200": "{success, data: {sessionId, status, credentials}}"},
    ),
}
GRANT_TYPE = {
    "name": "grant_type",
    "in": "query",
    "required": True,
    "schema": {"type": "string", "enum": ["access_service_kyc", "access_service_ssi"]},
}


def documented(path: str) -> dict:
    headers, body, answers = ROUTES[path]
    service = path.split("/")[1]
    errors = {"kyc": KYC_ERRORS, "ssi": SSI_ERRORS}.get(service, "{statusCode, message, error}")
    parameters = header_parameters(headers)
    if path == paths.OAUTH:
        parameters.insert(0, GRANT_TYPE)
    responses = {"400": errors, "401": errors, "500": errors}
    responses |= {status: text or errors for status, text in answers.items()}
    extra: dict = {
        "parameters": parameters,
        "responses": {status: {"description": text} for status, text in responses.items()},
    }
    if body is not None:
        schema = body.model_json_schema(ref_template="#/components/schemas/{model}")
        extra["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _inlined(schema)}},
        }
    return extra


def _inlined(schema: dict) -> dict:
    """The schema with its nested models ($defs) written in place (/openapi.json does not
    collect a route's own $defs into its components)."""
    definitions = schema.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                return inline(definitions[ref.rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(schema)
