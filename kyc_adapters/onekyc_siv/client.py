"""OneKYC Standalone Identity Verification: one client for its two services
(onekyc-siv-integration.txt; the team's contract fills what the document leaves out).

- token service  GET  /v1/esign/partner/authentication   headers client-id, pass-key
- API            POST /coe-partner/v1/initiate-flow       x-onekyc-token, x-partner-*
                 POST /coe-sdk/v1/submissions/ktp|selfie  x-sdk-token, multipart `image`
                 GET  /coe-partner/v1/submissions/{id}    x-onekyc-token
                 GET  the result's imageUrls               (capability URLs, no header)

Both services are called by ABSOLUTE URL through one long-lived `httpx.Client` (it carries the
recording transport), so the same client serves the sandbox's sub-prefixes or the live hosts.

Vendor caveats handled here:
- One error body for every call (public docs): `{"success": false, "errors": [{"code",
  "cause"}, ...]}`, several errors at once when several things are wrong. Raised as
  `OneKycError` (a `VendorStatusError`; `OneKycUnauthorized` for a 401): `code` the first
  error's code ("1600"), `causes` every cause in order ("INVALID_PHONE_NUMBER", ...), the
  message a sentence per cause. `success: false` on a 200 is a refusal too; a 200 without
  `success: true` and a `data` object, or without the documented keys, is a ContractViolation.
- The token service's strings: `expiry_seconds` "1800" is read as a number.
- The partner token is cached until 30 s before it expires on the client's clock (tokens.py).
  A 401 UNAUTHORIZED to a call carrying it (Initiate Flow, Get Submission Details) means the
  vendor no longer takes it (expired on its clock, revoked): it is dropped, a new one fetched
  (`partner-token-refresh`) and the call sent once more (`<step>-retry`). A 401 to the SDK's
  calls is about the SDK token: never retried.
- Initiate Flow's `userLocale`: the document's phone example has it at the top level, its email
  example inside `additionalDetails`; each body is built as its example shows it.
- Empty header values are left out rather than sent empty: the vendor then names what is
  missing (MISSING_CLIENT_ID, MISSING_PARTNER_SESSION_ID...), as QA needs to see. A value that
  a header cannot carry is refused before sending (`InvalidRequest`).
"""

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx

from kyc_adapters.base import VendorModel, call, json_body, parse_model
from kyc_adapters.errors import ContractViolation, InvalidCredentials, KycError, VendorStatusError
from kyc_adapters.onekyc_siv.models import (
    FLOW,
    INITIATE_PATH,
    KTP_PATH,
    SELFIE_PATH,
    SUBMISSION_PATH,
    TOKEN_PATH,
    VENDOR,
    InitiatedFlow,
    PartnerToken,
    SubmissionResult,
    TokenStatus,
    UploadReceipt,
)
from kyc_adapters.onekyc_siv.tokens import PartnerTokenCache
from kyc_adapters.redaction import REDACTED

T = TypeVar("T")
M = TypeVar("M", bound=VendorModel)

# The step names the history files each exchange under.
STEP_TOKEN = "partner-token"  # the first partner token
STEP_TOKEN_REFRESH = "partner-token-refresh"  # every later one (expired, or refused)
STEP_INITIATE = "initiate-flow"
STEP_UPLOAD_KTP = "upload-ktp"
STEP_UPLOAD_SELFIE = "upload-selfie"
STEP_SUBMISSION = "submission-details"
STEP_IMAGE = "fetch-image"
RETRY_SUFFIX = "-retry"  # a call sent again once its refused partner token was replaced

# The vendor's error codes (public docs for 110 and the token's 1650; the rest the contract's).
CODE_UNAUTHORIZED = "110"  # bad, missing or expired partner token; bad SDK token
CODE_SDK_TOKEN_EXPIRED = "111"
CODE_INVALID_REQUEST = "1600"  # Initiate Flow's body or headers
CODE_MISSING_CREDENTIALS = "1650"  # the token call's client-id / pass-key
CODE_INVALID_IMAGE = "1700"  # INVALID_IMAGE, MISSING_IMAGE
CODE_IMAGE_TOO_LARGE = "1701"
CODE_ALREADY_PROCESSING = "1702"
CODE_NOT_FOUND = "1800"
CODE_FORBIDDEN = "1900"  # an image URL with a bad signature

# Each cause the contract names, as a sentence a person can act on.
CAUSES = {
    "MISSING_CLIENT_ID": "The client id is missing.",
    "MISSING_PASS_KEY": "The pass key is missing.",
    "UNAUTHORIZED": "The token or credentials were refused (missing, wrong or expired).",
    "SDK_TOKEN_EXPIRED": "The SDK token has expired: initiate a new flow.",
    "MISSING_PARTNER_USER_ID": "The partner user id is missing.",
    "MISSING_PARTNER_USER_ID_TYPE": "The partner user id type is missing.",
    "MISSING_PARTNER_SESSION_ID": "The partner session id is missing.",
    "INVALID_FLOW": "The flow must be STANDALONE_IDENTITY_VERIFICATION.",
    "INVALID_SOURCE": "The source must be SDK or WEB_SDK.",
    "MISSING_SUCCESS_REDIRECTION_URL": "WEB_SDK needs a success redirection URL.",
    "MISSING_FAILURE_REDIRECTION_URL": "WEB_SDK needs a failure redirection URL.",
    "INVALID_SUCCESS_REDIRECTION_URL": "The success redirection URL must be an absolute "
    "http(s) URL.",
    "INVALID_FAILURE_REDIRECTION_URL": "The failure redirection URL must be an absolute "
    "http(s) URL.",
    "MISSING_PHONE_NUMBER_OR_EMAIL": "Give a verified phone number or email.",
    "INVALID_PHONE_NUMBER": "The phone number must be Indonesian: 62 and 8 to 13 digits.",
    "INVALID_EMAIL": "The email address is not valid.",
    "PHONE_NUMBER_NOT_VERIFIED": "The phone number must be marked verified.",
    "EMAIL_NOT_VERIFIED": "The email must be marked verified.",
    "MISSING_VERIFICATION_REFERENCE_ID": "The verification reference id is missing.",
    "INVALID_USER_LOCALE": "The locale must be id_ID or en_ID.",
    "INVALID_REQUEST_BODY": "The request body is not a JSON object.",
    "INVALID_IMAGE": "The photo is not a JPEG or PNG image, or is blank.",
    "MISSING_IMAGE": "No photo was sent.",
    "IMAGE_TOO_LARGE": "The photo is over 5 MB.",
    "SUBMISSION_ALREADY_PROCESSING": "Both photos are in and processing has started: no more "
    "photos for this submission.",
    "SUBMISSION_NOT_FOUND": "No submission has this id.",
    "FORBIDDEN": "The image link is not valid (its signature was refused).",
}
# What never travels with an error's body (it may reach a page).
_SECRET_BODY_KEYS = frozenset({"token", "sdktoken", "imageurls"})


class InvalidRequest(KycError, ValueError):
    """A value that cannot be sent (a header with a control character, an image URL that is
    not http(s), an empty submission id); nothing was sent. `code` names the argument."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(VENDOR, message)
        self.code = code


class OneKycError(VendorStatusError):
    """The vendor's error body. `code`: the first error's code; `causes`: every error's cause,
    in order; `errors`: the errors as sent ([{"code", "cause"}, ...])."""

    def __init__(
        self,
        *,
        status_code: int,
        errors: list[dict[str, str]],
        message: str,
        body: Any = None,
    ) -> None:
        code = errors[0]["code"] if errors and errors[0]["code"] else None
        super().__init__(VENDOR, status_code=status_code, code=code, message=message, body=body)
        self.errors = errors
        self.causes: tuple[str, ...] = tuple(e["cause"] for e in errors if e["cause"])

    @property
    def cause(self) -> str | None:
        return self.causes[0] if self.causes else None


class OneKycUnauthorized(OneKycError, InvalidCredentials):
    """A 401: 110 UNAUTHORIZED (credentials, partner token or SDK token refused) or 111
    SDK_TOKEN_EXPIRED."""


class OneKycSivClient:
    """Talks to OneKYC's token service and API (or the sandbox's) through an injected
    `httpx.Client`. Every method is keyword-only; the journey id reaches the recorder through
    `kyc_adapters.recorder.journey()` as for every other adapter."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        client_id: str,
        pass_key: str,
        token_url: str,
        api_url: str,
        clock: Callable[[], float] = time.time,
        token_path: str = TOKEN_PATH,
        initiate_path: str = INITIATE_PATH,
        ktp_path: str = KTP_PATH,
        selfie_path: str = SELFIE_PATH,
        submission_path: str = SUBMISSION_PATH,
    ) -> None:
        self._http = http
        self._client_id = client_id
        self._pass_key = pass_key
        self._token_url = token_url.rstrip("/")
        self._api_url = api_url.rstrip("/")
        self._clock = clock
        self._paths = {
            "token": _path(token_path),
            "initiate": _path(initiate_path),
            "ktp": _path(ktp_path),
            "selfie": _path(selfie_path),
            "submission": _path(submission_path),
        }
        self._tokens = PartnerTokenCache(self._fetch_token, clock)

    def __repr__(self) -> str:  # never the credentials
        return f"{type(self).__name__}(token_url={self._token_url!r}, api_url={self._api_url!r})"

    @property
    def token_url(self) -> str:
        return self._token_url

    @property
    def api_url(self) -> str:
        return self._api_url

    # --- the partner token ------------------------------------------------------------------

    def partner_token_status(self) -> TokenStatus | None:
        """The cached partner token's times on the client's clock (never its value); None
        before the first call. Answers at once, even while a fetch is under way."""
        return self._tokens.status()

    def forget_partner_token(self) -> None:
        """Drop the cached partner token (new credentials, say): the next call fetches anew."""
        self._tokens.clear()

    def _fetch_token(self, refresh: bool) -> PartnerToken:
        headers = _headers(
            {"client-id": self._client_id, "pass-key": self._pass_key}, code="credentials"
        )
        return call(
            self._http,
            VENDOR,
            STEP_TOKEN_REFRESH if refresh else STEP_TOKEN,
            "GET",
            self._token_url + self._paths["token"],
            _model(PartnerToken),
            headers=headers | {"Accept": "application/json"},
        )

    def _with_token(self, step: str, send: Callable[[str, str], T]) -> T:
        """`send(step, token)` with the cached partner token; once again with a new one if the
        vendor says it is no longer good."""
        token = self._tokens.get()
        try:
            return send(step, token)
        except OneKycUnauthorized as exc:
            if exc.status_code != 401 or "UNAUTHORIZED" not in exc.causes:
                raise
        self._tokens.drop(token)
        return send(step + RETRY_SUFFIX, self._tokens.get())

    # --- Initiate Flow ------------------------------------------------------------------------

    def initiate_flow(
        self,
        *,
        user_id: str,
        user_id_type: str,
        partner_session_id: str,
        verification_reference_id: str,
        phone_number: str | None = None,
        email: str | None = None,
        verified: bool = True,
        user_locale: str | None = "id_ID",
        source: str = "SDK",
        success_redirection_url: str | None = None,
        failure_redirection_url: str | None = None,
        flow: str = FLOW,
    ) -> InitiatedFlow:
        """POST /coe-partner/v1/initiate-flow: an SDK token for one submission.

        Give `phone_number` OR `email` (verified: `verified`, with the reference of that
        verification); the body is the document's phone or email example. `user_id`,
        `user_id_type` and `partner_session_id` go out as the x-partner-* headers and come back
        in the result (the console passes its journey id as `partner_session_id`). `None`
        leaves a key out (`user_locale` None: the vendor's default, id_ID); values are sent as
        given, so that QA can see each of the vendor's refusals."""
        if phone_number is not None and email is not None:
            raise InvalidRequest(
                "phone_number", "Give a phone number or an email, not both: the flow takes one."
            )
        body = initiate_body(
            phone_number=phone_number,
            email=email,
            verified=verified,
            verification_reference_id=verification_reference_id,
            user_locale=user_locale,
            source=source,
            success_redirection_url=success_redirection_url,
            failure_redirection_url=failure_redirection_url,
            flow=flow,
        )
        partner = _headers(
            {
                "x-partner-user-id": user_id,
                "x-partner-user-id-type": user_id_type,
                "x-partner-session-id": partner_session_id,
            },
            code="partner",
        )
        obtained_at = self._clock()

        def send(step: str, token: str) -> InitiatedFlow:
            return call(
                self._http,
                VENDOR,
                step,
                "POST",
                self._api_url + self._paths["initiate"],
                _model(InitiatedFlow),
                json=body,
                headers=partner | _headers({"x-onekyc-token": token}, code="token"),
            )

        flow_started = self._with_token(STEP_INITIATE, send)
        flow_started.obtained_at = obtained_at
        return flow_started

    # --- the SDK's captures -------------------------------------------------------------------

    def upload_ktp(
        self,
        *,
        sdk_token: str,
        image: bytes | None,
        filename: str = "ktp.jpg",
        content_type: str | None = None,
    ) -> UploadReceipt:
        """POST /coe-sdk/v1/submissions/ktp (the SDK's call): the KTP photo, multipart field
        `image`. Sent again before the selfie, it replaces the first. `image` None or empty
        sends no photo (the vendor answers MISSING_IMAGE). `content_type` None: PNG or JPEG by
        the bytes."""
        files = _file("image", image, filename, content_type)
        return self._upload(STEP_UPLOAD_KTP, "ktp", sdk_token, files)

    def upload_selfie(
        self,
        *,
        sdk_token: str,
        image: bytes | None,
        filename: str = "selfie.jpg",
        content_type: str | None = None,
        additional_selfie: bytes | None = None,
        additional_filename: str = "additional-selfie.jpg",
        additional_content_type: str | None = None,
    ) -> UploadReceipt:
        """POST /coe-sdk/v1/submissions/selfie (the SDK's call): the selfie, multipart field
        `image`, and optionally a second one (`additionalSelfie`). Once both photos are in,
        the receipt says PROCESSING."""
        files = _file("image", image, filename, content_type)
        files += _file(
            "additionalSelfie", additional_selfie, additional_filename, additional_content_type
        )
        return self._upload(STEP_UPLOAD_SELFIE, "selfie", sdk_token, files)

    def _upload(self, step: str, path: str, sdk_token: str, files: list) -> UploadReceipt:
        headers = _headers({"x-sdk-token": sdk_token}, code="sdk_token")
        kwargs: dict[str, Any] = {"files": files}
        if not files:  # a multipart body without a part: what a form with no photo sends
            boundary = "onekyc-no-photo"
            kwargs = {
                "content": f"--{boundary}--\r\n".encode(),
                "headers": headers | {"Content-Type": f"multipart/form-data; boundary={boundary}"},
            }
        else:
            kwargs["headers"] = headers
        return call(
            self._http,
            VENDOR,
            step,
            "POST",
            self._api_url + self._paths[path],
            _model(UploadReceipt),
            **kwargs,
        )

    # --- the result ---------------------------------------------------------------------------

    def submission_details(self, *, submission_id: str) -> SubmissionResult:
        """GET /coe-partner/v1/submissions/{submissionId}: the callback's payload once the
        submission is processed (status COMPLETED), else its ids and status (PENDING:
        photos not all in; PROCESSING)."""
        if not isinstance(submission_id, str) or not submission_id.strip():
            raise InvalidRequest("submission_id", "The submission id is empty.")
        path = self._paths["submission"].replace(
            "{submissionId}", quote(submission_id.strip(), safe="")
        )

        def send(step: str, token: str) -> SubmissionResult:
            return call(
                self._http,
                VENDOR,
                step,
                "GET",
                self._api_url + path,
                _model(SubmissionResult),
                headers=_headers({"x-onekyc-token": token}, code="token")
                | {"Accept": "application/json"},
            )

        return self._with_token(STEP_SUBMISSION, send)

    def fetch_image(self, *, url: str) -> bytes:
        """One of the result's imageUrls: the photo's bytes. The URL is the capability (no
        header is sent with it, so no token reaches whatever host it names)."""
        try:
            parts = urlsplit(url) if isinstance(url, str) else None
            _ = parts.port if parts else None  # a malformed port raises here
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidRequest("url", "The image URL is not an http(s) address.")
        return call(self._http, VENDOR, STEP_IMAGE, "GET", url, _image)


def initiate_body(
    *,
    phone_number: str | None,
    email: str | None,
    verified: bool,
    verification_reference_id: str | None,
    user_locale: str | None,
    source: str,
    success_redirection_url: str | None,
    failure_redirection_url: str | None,
    flow: str = FLOW,
) -> dict[str, Any]:
    """Initiate Flow's body as the document's examples build it: with an email, `userLocale`
    inside `additionalDetails` (the email example); otherwise at the top level (the phone
    example)."""
    body: dict[str, Any] = {"flow": flow, "source": source}
    if success_redirection_url is not None:
        body["successRedirectionUrl"] = success_redirection_url
    if failure_redirection_url is not None:
        body["failureRedirectionUrl"] = failure_redirection_url
    details: dict[str, Any] = {}
    verification: dict[str, Any] = {"isVerified": verified}
    if verification_reference_id is not None:
        verification["verificationReferenceId"] = verification_reference_id
    if email is not None:
        details["email"] = email
        details["dataVerification"] = {"email": verification}
        if user_locale is not None:
            details["userLocale"] = user_locale
        body["additionalDetails"] = details
        return body
    if phone_number is not None:
        details["phoneNumber"] = phone_number
        details["dataVerification"] = {"phoneNumber": verification}
    else:
        details["dataVerification"] = {}
    body["additionalDetails"] = details
    if user_locale is not None:
        body["userLocale"] = user_locale
    return body


def parse_submission(body: Any) -> SubmissionResult:
    """A callback body (or Get Submission Details' `data`) as a SubmissionResult; off the
    document's shape: ContractViolation (its image URLs left out of the error's body)."""
    if not isinstance(body, dict):
        raise ContractViolation(
            VENDOR, "The submission is not a JSON object.", body=_without_secrets(body)
        )
    try:
        return parse_model(VENDOR, SubmissionResult, body)
    except ContractViolation as exc:
        exc.body = _without_secrets(body)
        raise


# --- local checks -----------------------------------------------------------------------


def _path(path: str) -> str:
    path = path.strip()
    return path if path.startswith("/") else "/" + path


def _headers(values: dict[str, str | None], *, code: str) -> dict[str, str]:
    """The headers that have a value; a value a header cannot carry is refused."""
    headers = {}
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            raise InvalidRequest(code, f"{name} must be text, not {type(value).__name__}.")
        text = (value or "").strip()
        if not text:
            continue
        if not all(" " <= char <= "~" for char in text):
            # httpx sends header values as ASCII; a control character would split the header.
            raise InvalidRequest(
                code, f"{name} has a character a header cannot carry (only printable ASCII)."
            )
        headers[name] = text
    return headers


def _file(
    field: str, content: bytes | None, filename: str, content_type: str | None
) -> list[tuple[str, tuple[str, bytes, str]]]:
    if not content:
        return []
    if not isinstance(content, bytes | bytearray):
        raise InvalidRequest(field, f"The {field} must be bytes, not {type(content).__name__}.")
    kind = content_type or ("image/png" if content[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg")
    return [(field, (filename or "photo", bytes(content), kind))]


# --- the answers ------------------------------------------------------------------------


def _model(model: type[M]) -> Callable[[httpx.Response], M]:
    def parse(response: httpx.Response) -> M:
        data = _data(response)
        try:
            return parse_model(VENDOR, model, data)
        except ContractViolation as exc:
            exc.body = _without_secrets(exc.body)
            raise

    return parse


def _data(response: httpx.Response) -> dict[str, Any]:
    """The `data` object of a success; the vendor's error, or a contract violation, else."""
    if not response.is_success:
        raise _refusal(response)
    data = json_body(VENDOR, response)
    if not isinstance(data, dict):
        raise ContractViolation(
            VENDOR,
            f"The answer (HTTP {response.status_code}) is not a JSON object.",
            body=_without_secrets(data),
        )
    if data.get("success") is False:
        raise _refusal(response, data)
    if data.get("success") is not True:
        raise ContractViolation(
            VENDOR,
            f"The answer (HTTP {response.status_code}) has success "
            f"{data.get('success')!r}, not true.",
            body=_without_secrets(data),
        )
    if not isinstance(data.get("data"), dict):
        raise ContractViolation(
            VENDOR, "success without a data object", body=_without_secrets(data)
        )
    return data["data"]


def _refusal(response: httpx.Response, data: Any = None) -> OneKycError:
    status = response.status_code
    if data is None:
        try:
            data = response.json()
        except (ValueError, RecursionError):
            data = None
    errors = _errors(data)
    if errors:
        message = " ".join(_sentence(e) for e in errors)
    else:  # a proxy's page, or an error body off the contract: the status is the news
        message = f"HTTP {status}" + ("" if data is not None else " (no JSON body)")
    body = _without_secrets(data) if data is not None else response.text[:2000]
    kind = OneKycUnauthorized if status == 401 else OneKycError
    return kind(status_code=status, errors=errors, message=message, body=body)


def _errors(data: Any) -> list[dict[str, str]]:
    """The body's errors as [{"code", "cause"}] (strings; a lone error object is taken too)."""
    if not isinstance(data, dict):
        return []
    items = data.get("errors")
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return []
    errors = []
    for item in items:
        if isinstance(item, dict):
            code, cause = item.get("code"), item.get("cause")
            errors.append(
                {
                    "code": "" if code is None else str(code),
                    "cause": "" if cause is None else str(cause),
                }
            )
    return [e for e in errors if e["code"] or e["cause"]]


def _sentence(error: dict[str, str]) -> str:
    cause, code = error["cause"], error["code"]
    text = CAUSES.get(cause) or (f"The vendor said {cause}." if cause else "Refused.")
    label = ", ".join(part for part in (cause, f"code {code}" if code else "") if part)
    return f"{text} ({label})"


def _image(response: httpx.Response) -> bytes:
    if not response.is_success:
        raise _refusal(response)
    if not response.content:
        raise ContractViolation(VENDOR, f"The image (HTTP {response.status_code}) is empty.")
    kind = response.headers.get("content-type", "")
    if kind.startswith(("application/json", "text/")):
        raise ContractViolation(
            VENDOR,
            f"The image link answered {kind.split(';')[0]}, not an image.",
            body=response.text[:2000],
        )
    return response.content


def _without_secrets(value: Any) -> Any:
    """An answer kept on an error: no token, SDK token or image URL travels with it."""
    if isinstance(value, dict):
        return {
            key: REDACTED
            if str(key).lower() in _SECRET_BODY_KEYS and item not in (None, "")
            else _without_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_secrets(item) for item in value]
    return value
