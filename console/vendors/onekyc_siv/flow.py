"""The OneKYC SIV walk, as state a page can render (no Streamlit): a partner token, Initiate
Flow for an SDK token, the KTP and the selfie sent as the vendor's SDK sends them, then the
asynchronous result: the vendor's callback at the console's receiver, or Get Submission Details
when no callback comes in time.

One journey in the history from Initiate Flow to the result; its id is the `partnerSessionId`
the vendor echoes in the callback, which is how the receiver files the callback under it."""

import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from console.core import receiver, sandbox_control, webhook_auth
from console.core.clients import NotConfigured, vendor_settings
from console.core.explain import Notice, explain
from console.core.images import fetch
from console.core.runtime import Runtime
from console.vendors.onekyc_siv.spec import SPEC, OneKycSivSettings
from kyc_adapters.errors import ContractViolation, KycError, VendorStatusError
from kyc_adapters.onekyc_siv import InitiatedFlow, OneKycError, OneKycSivClient, parse_submission
from kyc_adapters.recorder import journey as journey_scope

PHONE = re.compile(r"^62\d{8,13}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOCALES = {"id_ID": "Bahasa Indonesia (id_ID)", "en_ID": "English (en_ID)"}
SOURCES = ("SDK", "WEB_SDK")
USER_ID_TYPE = "KYC_CONSOLE_USER"
POLL_EVERY = 5.0  # seconds between automatic Get Submission Details calls
POLL_AT_MOST_EVERY = 60.0  # after failures, the automatic calls back off to this
DONE = ("COMPLETED",)  # the document's one final status; anything else is still under way


@dataclass(frozen=True)
class Contact:
    """Who the SDK token is for: a phone number or an e-mail that the partner verified."""

    kind: str  # phoneNumber | email
    value: str
    verified: bool = True
    reference: str = ""  # the partner's own verification's reference (an OTP's id, say)

    def problems(self) -> list[str]:
        value = self.value.strip()
        problems = []
        if self.kind == "phoneNumber" and not PHONE.match(value):
            problems.append(
                "Enter the phone number with Indonesia's country code: 62 and 8 to 13 digits, "
                "no + or spaces (628188888889)."
            )
        if self.kind == "email" and not EMAIL.match(value):
            problems.append("Enter the e-mail address as name@example.com.")
        if not self.reference.strip():
            problems.append("Enter the reference of your verification of the number or address.")
        return problems


@dataclass(frozen=True)
class FlowOptions:
    locale: str = "id_ID"
    source: str = "SDK"
    success_url: str = ""
    failure_url: str = ""

    def problems(self) -> list[str]:
        problems = []
        for name, url in (("success", self.success_url), ("failure", self.failure_url)):
            if url and not _absolute_http(url):
                problems.append(f"The {name} redirection URL must start with http:// or https://.")
        return problems


@dataclass
class SivJourney:
    journey_id: str
    mode: str
    contact: Contact
    options: FlowOptions
    user_id: str = ""
    initiated: InitiatedFlow | None = None  # holds the SDK token: never rendered
    initiated_at: float = 0.0
    sent: dict[str, float] = field(default_factory=dict)  # "ktp" / "selfie" -> when (one clock)
    status: str = ""  # the vendor's last word on the submission
    processing_since: float | None = None
    result: dict[str, Any] | None = None  # the callback payload (or the polled one)
    result_via: str = ""  # callback | poll
    result_at: float | None = None
    deliveries: int = 0  # how many times the callback came (duplicates included)
    polls: int = 0
    last_poll_at: float | None = None
    poll_failures: int = 0  # in a row: the automatic calls back off
    polling_stopped: bool = False  # the vendor refused the call: only the button asks again
    callback_problem: str = ""  # a callback came that the console could not use
    notices: dict[str, Notice] = field(default_factory=dict)  # by the step that left it

    @property
    def submission_id(self) -> str:
        return self.initiated.submission_id if self.initiated else ""

    @property
    def finished(self) -> bool:
        return self.result is not None

    def waited(self, now: float) -> float:
        return now - self.processing_since if self.processing_since is not None else 0.0


def callback_url(rt: Runtime, mode: str) -> str:
    """Where the vendor sends its callback: the console's receiver."""
    return f"{rt.services.receiver_url}/webhooks/{SPEC.id}?mode={mode}"


def settings(rt: Runtime) -> OneKycSivSettings:
    found = vendor_settings(SPEC, rt.settings, rt.services.sandbox_url)
    assert isinstance(found, OneKycSivSettings)
    return found


def initiate(
    rt: Runtime, contact: Contact, options: FlowOptions, summary: str = "SIV walk"
) -> SivJourney:
    """Initiate Flow: the partner token (fetched or reused) and an SDK token for one submission.

    `summary` names the walk in History, which shows it whatever the masking: no personal data."""
    mode = rt.mode(SPEC)
    journey = SivJourney(rt.store.new_journey(SPEC.id, mode, summary), mode, contact, options)
    journey.user_id = f"console-{uuid.uuid4().hex[:12]}"
    problems = contact.problems() + options.problems()
    if problems:
        _refuse(rt, journey, "initiate", "initiate-flow", problems)
        rt.store.finish_journey(journey.journey_id, "refused")
        return journey

    def call(client: OneKycSivClient) -> None:
        if mode == "sandbox":
            _point_callbacks_at_receiver(rt)
        field = "phone_number" if contact.kind == "phoneNumber" else "email"
        journey.initiated = client.initiate_flow(
            **{field: contact.value.strip()},
            verified=contact.verified,
            verification_reference_id=contact.reference.strip(),
            user_locale=options.locale,
            source=options.source,
            success_redirection_url=options.success_url or None,
            failure_redirection_url=options.failure_url or None,
            user_id=journey.user_id,
            user_id_type=USER_ID_TYPE,
            partner_session_id=journey.journey_id,
        )
        journey.initiated_at = rt.now(SPEC)
        journey.status = "PENDING"

    _step(rt, journey, "initiate", call)
    if journey.initiated is None:
        rt.store.finish_journey(journey.journey_id, "failed")
    return journey


def send_photo(rt: Runtime, journey: SivJourney, kind: str, photo: bytes) -> None:
    """The KTP or the selfie, as the vendor's SDK sends it; both in, the vendor processes."""
    if journey.initiated is None or journey.finished:
        return

    def call(client: OneKycSivClient) -> None:
        assert journey.initiated is not None
        send = client.upload_ktp if kind == "ktp" else client.upload_selfie
        receipt = send(
            sdk_token=journey.initiated.sdk_token,
            image=photo,
            filename=f"{kind}.jpg",
            content_type=_content_type(photo),
        )
        now = rt.now(SPEC)
        journey.sent[kind] = now
        journey.status = receipt.status
        if {"ktp", "selfie"} <= journey.sent.keys() or receipt.status == "PROCESSING":
            _processing(journey, now)

    failed = _step(rt, journey, kind, call)
    if isinstance(failed, OneKycError) and failed.cause == "SUBMISSION_ALREADY_PROCESSING":
        # Both photos were in (an answer lost on the way, say): the result is what is left.
        _processing(journey, rt.now(SPEC))


def check_callback(rt: Runtime, journey: SivJourney) -> bool:
    """Whether the vendor's callback for this submission has reached the receiver; the first
    time, it becomes the walk's result."""
    if not journey.submission_id:
        return False
    stored = rt.store.callback(SPEC.id, journey.submission_id)
    if stored is None:
        return journey.result is not None
    journey.deliveries = int(stored.get("deliveries") or 1)
    if journey.result is not None or journey.callback_problem:
        return True
    # This process's receiver kept the body whole; the store's copy has personal data masked
    # (History's rule), which is all a later process can show.
    whole = receiver.delivered(SPEC.id, journey.submission_id)
    body = whole if whole is not None else stored.get("body")
    try:
        parsed = parse_submission(body)
    except ContractViolation as exc:
        _callback_unusable(rt, journey, f"The callback is not the documented payload: {exc}")
        return True
    if parsed.status not in DONE:
        _callback_unusable(rt, journey, f"The callback says {parsed.status}, not COMPLETED.")
        return True
    _finish(rt, journey, dict(body), "callback")
    return True


def due_for_poll(rt: Runtime, journey: SivJourney, now: float) -> bool:
    """No callback after the configured wait: Get Submission Details, every POLL_EVERY s."""
    if journey.finished or journey.processing_since is None or journey.polling_stopped:
        return False
    if journey.waited(now) < settings(rt).processing_wait_seconds and not journey.callback_problem:
        return False
    every = min(POLL_AT_MOST_EVERY, POLL_EVERY * 2**journey.poll_failures)
    return journey.last_poll_at is None or now - journey.last_poll_at >= every


def poll(rt: Runtime, journey: SivJourney, automatic: bool = False) -> None:
    """Get Submission Details: the fallback when no callback comes. A refusal (4xx) stops the
    automatic calls (only the button asks again); a failure on the vendor's side or no answer
    makes them back off."""
    if not journey.submission_id or journey.finished:
        return

    def call(client: OneKycSivClient) -> None:
        found = client.submission_details(submission_id=journey.submission_id)
        journey.polls += 1
        journey.status = found.status
        payload = found.model_dump(mode="json", exclude_none=True)
        if found.status in DONE:
            _finish(rt, journey, payload, "poll")

    journey.last_poll_at = rt.now(SPEC)
    failed = _step(rt, journey, "result", call)
    journey.poll_failures = journey.poll_failures + 1 if failed else 0
    refused = isinstance(failed, VendorStatusError) and failed.status_code < 500
    journey.polling_stopped = automatic and refused
    if journey.polling_stopped and (notice := journey.notices.get("result")) is not None:
        notice.next_step += " Automatic polling has stopped: press Get Submission Details now."


def pictures(rt: Runtime, journey: SivJourney) -> dict[str, bytes | str]:
    """The photos the result links to, fetched by the console (the browser may not reach
    them); a sentence instead of a photo that cannot be had."""
    urls = ((journey.result or {}).get("submissionDetails") or {}).get("imageUrls") or {}
    if not isinstance(urls, dict):
        return {}
    shown: dict[str, bytes | str] = {}
    for kind, url in urls.items():
        if not isinstance(url, str) or not url:
            shown[kind] = "none was sent"
        elif not _absolute_http(url):
            shown[kind] = "masked in the stored copy (open the walk in the process it ran in)"
        else:
            data = fetch(url)
            shown[kind] = data if data is not None else "could not be fetched"
    return shown


def without_image_urls(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload to show: each image URL replaced by a word (they open the user's photos)."""
    details = payload.get("submissionDetails")
    urls = details.get("imageUrls") if isinstance(details, dict) else None
    if not isinstance(urls, dict):
        return payload
    hidden = {kind: "[fetched by the console]" if url else url for kind, url in urls.items()}
    return {**payload, "submissionDetails": {**details, "imageUrls": hidden}}


def inbox(rt: Runtime, limit: int = 50) -> list[dict]:
    """Every callback delivery the receiver saw for this vendor, newest first."""
    return rt.store.webhooks(SPEC.id, limit=limit)


def abandon(rt: Runtime, journey: SivJourney) -> None:
    if journey.initiated is not None and not journey.finished:
        rt.store.finish_journey(journey.journey_id, "abandoned")


def refuse_photo(rt: Runtime, journey: SivJourney, step: str, why: str) -> None:
    """A photo the console would not send (not a picture): in the history, as refused input."""
    rt.store.record_event(
        journey.journey_id,
        SPEC.id,
        journey.mode,
        kind="input",
        step=step,
        outcome="rejected",
        error=why,
    )


def partner_token(rt: Runtime) -> list[dict]:
    """What the long-lived client holds, as times (never the value); empty if none."""
    try:
        client: OneKycSivClient = rt.client(SPEC)
    except NotConfigured:
        return []
    status = client.partner_token_status()
    return [] if status is None else [status]


def _processing(journey: SivJourney, now: float) -> None:
    if journey.processing_since is None:
        journey.processing_since = now


def _callback_unusable(rt: Runtime, journey: SivJourney, why: str) -> None:
    """A callback the walk cannot take as its result: said once, on the page and in the
    history; Get Submission Details takes over at once."""
    journey.callback_problem = why
    rt.store.record_event(
        journey.journey_id,
        SPEC.id,
        journey.mode,
        kind="input",
        step="callback-unusable",
        outcome="error",
        error=why,
    )
    journey.notices["result"] = Notice(
        "warning",
        "A callback came, but the console cannot use it",
        why,
        "The page asks Get Submission Details instead; the webhook inbox below shows what came.",
    )


def _finish(rt: Runtime, journey: SivJourney, payload: dict, via: str) -> None:
    journey.result = payload
    journey.result_via = via
    journey.result_at = rt.now(SPEC)
    journey.status = str(payload.get("status") or journey.status)
    result = str(payload.get("result") or "")
    outcome = {"VALID": "valid", "INVALID": "invalid"}.get(result, "completed")
    rt.store.finish_journey(journey.journey_id, outcome, f"SIV walk · {result or 'no result'}")


def sandbox_deliveries(rt: Runtime, journey: SivJourney) -> list[dict]:
    """Sandbox only: each attempt to deliver this submission's callback (refused ones too),
    from the sandbox's control plane; [] when it cannot say."""
    if journey.mode != "sandbox" or not journey.submission_id:
        return []
    try:
        found = sandbox_control.vendor_call(
            rt.services.sandbox_url, SPEC.id, "GET", f"submissions/{journey.submission_id}"
        )
    except (httpx.HTTPError, ValueError):
        return []
    deliveries = found.get("deliveries") if isinstance(found, dict) else None
    return [d for d in deliveries or [] if isinstance(d, dict)]


def _point_callbacks_at_receiver(rt: Runtime) -> None:
    """In the sandbox the console tells the vendor where to send callbacks, and with which
    header (the partner gives both to OneKYC; the document says so)."""
    sandbox_control.vendor_call(
        rt.services.sandbox_url,
        SPEC.id,
        "POST",
        "callback",
        json={
            "url": callback_url(rt, "sandbox"),
            "headers": webhook_auth.sandbox_callback_headers(SPEC.id),
        },
    )


def _step(rt: Runtime, journey: SivJourney, step: str, action) -> KycError | None:
    """Runs `action` with the client; a failure becomes the step's notice (and is returned)."""
    journey.notices.pop(step, None)
    try:
        with journey_scope(journey.journey_id):
            action(rt.client(SPEC))
    except NotConfigured as exc:
        journey.notices[step] = Notice.not_configured(exc)
    except KycError as exc:
        journey.notices[step] = Notice.of(explain(exc, rt.redactor))
        return exc
    except httpx.HTTPError as exc:  # the sandbox's own set-up call
        rt.store.record_event(
            journey.journey_id,
            SPEC.id,
            journey.mode,
            kind="input",
            step="sandbox-setup",
            outcome="error",
            error=f"{type(exc).__name__}: {exc}",
        )
        journey.notices[step] = Notice(
            "error",
            "The sandbox could not be prepared",
            f"{type(exc).__name__}: {exc}",
            "Reset the sandbox from the sidebar, then press Initiate again.",
        )
    return None


def _refuse(
    rt: Runtime, journey: SivJourney, step: str, history_step: str, problems: list[str]
) -> None:
    journey.notices[step] = rt.refuse_input(
        SPEC, journey.journey_id, journey.mode, history_step, problems
    )


def _content_type(photo: bytes) -> str:
    return "image/png" if photo.startswith(b"\x89PNG") else "image/jpeg"


def _absolute_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
