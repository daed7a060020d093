"""The Hypersign KYC + SSI walk, as state a page can render (no Streamlit).

One journey in the history from the user's details to the consent: tokens and session, the
user's DID and token, the document read, the faces matched, the credentials received and the
signed presentation submitted. Each step leaves its outcome (or its refusal, as a Notice) on
the journey, for the page to show under the button that was pressed."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from console.core.clients import NotConfigured, vendor_settings
from console.core.explain import Notice, explain
from console.core.runtime import Runtime
from console.vendors.hypersign_kyc.spec import SPEC, HypersignKycSettings
from kyc_adapters.errors import KycError
from kyc_adapters.hypersign_kyc import (
    Biometrics,
    Consent,
    DidCreated,
    Extraction,
    HypersignKycClient,
    TokenStatus,
    UserSession,
)
from kyc_adapters.recorder import journey as journey_scope

T = TypeVar("T")
FORCED = "(forced by the sandbox"  # how the sandbox marks an outcome a magic e-mail forced
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Stage(StrEnum):
    """How far the walk got; each stage opens the next step on the page."""

    DETAILS = "details"  # nothing obtained yet
    READY = "ready"  # tokens, session, DID and user token: the document can be captured
    DOCUMENT_READ = "document_read"  # extraction token in hand: the selfie next
    MATCHED = "matched"  # credentials received: the consent next
    CONSENTED = "consented"  # the presentation was accepted: done


@dataclass(frozen=True)
class UserDetails:
    name: str
    email: str

    def problems(self) -> list[str]:
        problems = []
        if not self.name.strip():
            problems.append("Enter the user's name.")
        if not EMAIL.match(self.email.strip()):
            problems.append("Enter the user's email address as name@example.com.")
        return problems


@dataclass(frozen=True)
class Document:
    type: str  # PASSPORT | GOVT_ID
    front: bytes = field(repr=False)
    back: bytes | None = field(default=None, repr=False)
    country_code: str | None = None  # GOVT_ID: ISO 3166 alpha-3


@dataclass
class HypersignJourney:
    journey_id: str
    mode: str
    user: UserDetails
    stage: Stage = Stage.DETAILS
    session_id: str = ""
    session_started_at: float = 0.0
    holder: DidCreated | None = None
    issuer_did: str = ""
    issuer_method: str = ""
    user_session: UserSession | None = None  # holds the user token: never rendered
    user_token_renewals: int = 0
    document: Document | None = None
    extraction: Extraction | None = None
    selfie: bytes | None = field(default=None, repr=False)
    biometrics: Biometrics | None = None
    presentation: dict[str, Any] | None = None
    consent: Consent | None = None
    notices: dict[str, Notice] = field(default_factory=dict)  # by the step that left it

    @property
    def holder_did(self) -> str:
        return self.holder.did if self.holder else ""

    @property
    def holder_method(self) -> str:
        return self.holder.verification_method_id if self.holder else ""

    @property
    def finished(self) -> bool:
        return self.stage is Stage.CONSENTED


def start(rt: Runtime, user: UserDetails, summary: str = "KYC + SSI walk") -> HypersignJourney:
    """Step 1 -> 2: admin tokens, a session, the user's DID and the user's token.

    `summary` names the walk in History, which shows and searches it whatever the masking: it
    must hold no personal data (a sample user's scenario, not the user's name)."""
    mode = rt.mode(SPEC)
    journey = HypersignJourney(rt.store.new_journey(SPEC.id, mode, summary), mode, user)
    problems = user.problems()
    if problems:
        _refuse(rt, journey, "tokens", "user-details", problems)
        rt.store.finish_journey(journey.journey_id, "refused")
        return journey

    def steps(client: HypersignKycClient) -> None:
        settings = _settings(rt)
        if not settings.issuer_did or not settings.issuer_verification_method_id:
            raise NotConfigured(
                f"Live mode needs {SPEC.env_name('issuer_did')} and "
                f"{SPEC.env_name('issuer_verification_method_id')} (from the SSI dashboard)."
            )
        journey.issuer_did = settings.issuer_did
        journey.issuer_method = settings.issuer_verification_method_id
        journey.session_id = client.create_session().sessionId
        journey.session_started_at = rt.now(SPEC)
        journey.holder = client.create_did()
        journey.user_session = _user_session(client, journey, settings)
        journey.stage = Stage.READY

    _step(rt, journey, "tokens", steps)
    if journey.stage is Stage.DETAILS:
        rt.store.finish_journey(journey.journey_id, "failed")
        if (notice := journey.notices.get("tokens")) is not None:
            # Nothing to renew yet: the only way on is a new walk.
            notice.next_step = "Press Get tokens and session again."
    return journey


def renew_user_token(rt: Runtime, journey: HypersignJourney) -> None:
    """A new DID-signed JWT exchanged for a new user token, for the same session."""

    def renew(client: HypersignKycClient) -> None:
        journey.user_session = _user_session(client, journey, _settings(rt))
        journey.user_token_renewals += 1
        for step in ("document", "selfie", "consent"):  # their token refusals are answered
            journey.notices.pop(step, None)

    _step(rt, journey, "tokens", renew)


def read_document(rt: Runtime, journey: HypersignJourney, document: Document) -> None:
    """The document's image(s) to the vendor's extraction: fields read and a token for the
    face match."""
    problems = document_problems(document)
    if journey.finished:
        problems = ["This walk is complete: press Start over for a new one."]
    if problems:
        _refuse(rt, journey, "document", "extract-document", problems)
        return
    forget_from(journey, "document")
    journey.document = document

    def extract(client: HypersignKycClient) -> None:
        journey.extraction = client.extract_document(
            user_token=_user_token(journey),
            session_id=journey.session_id,
            document_type=document.type,
            front=document.front,
            back=document.back,
            country_code=document.country_code,
        )
        journey.stage = Stage.DOCUMENT_READ

    _step(rt, journey, "document", extract)


def match_faces(rt: Runtime, journey: HypersignJourney, selfie: bytes) -> None:
    """The selfie against the document's face; credentials come back when they match."""
    if journey.finished or journey.extraction is None:
        why = (
            "This walk is complete: press Start over for a new one."
            if journey.finished
            else ("Read the document first (step 3).")
        )
        _refuse(rt, journey, "selfie", "verify-biometrics", [why])
        return
    forget_from(journey, "selfie")
    journey.selfie = selfie

    def verify(client: HypersignKycClient) -> None:
        assert journey.extraction is not None
        journey.biometrics = client.verify_biometrics(
            user_token=_user_token(journey),
            session_id=journey.session_id,
            extraction_token=journey.extraction.extractionToken,
            selfie=selfie,
            holder_did=journey.holder_did,
            issuer_did=journey.issuer_did,
            issuer_verification_method_id=journey.issuer_method,
        )
        journey.stage = Stage.MATCHED

    _step(rt, journey, "selfie", verify)


def give_consent(rt: Runtime, journey: HypersignJourney, domain: str) -> None:
    """The holder's presentation of the credentials, challenge = the session id, signed by the
    SSI service, then submitted to the KYC service as the user's consent."""
    if journey.biometrics is None:
        _refuse(rt, journey, "consent", "consent", ["Match the faces first (step 4)."])
        return

    def consent(client: HypersignKycClient) -> None:
        assert journey.biometrics is not None
        if journey.presentation is None:
            journey.presentation = client.create_presentation(
                credentials=journey.biometrics.credentials,
                holder_did=journey.holder_did,
                challenge=journey.session_id,
                domain=domain,
                verification_method_id=journey.holder_method,
            ).presentation
        journey.consent = client.submit_consent(
            user_token=_user_token(journey),
            session_id=journey.session_id,
            presentation=journey.presentation,
        )
        journey.stage = Stage.CONSENTED
        rt.store.finish_journey(journey.journey_id, Stage.CONSENTED)

    _step(rt, journey, "consent", consent)


def forget_from(journey: HypersignJourney, step: str) -> None:
    """Drop what `step` and the steps after it produced (a retaken photo, another document
    type): nothing shown or sent may come from the photo that was replaced."""
    if journey.finished:
        return
    if step == "document":
        journey.document = journey.extraction = None
        journey.notices.pop("document", None)
    if step in ("document", "selfie"):
        journey.selfie = journey.biometrics = None
        journey.notices.pop("selfie", None)
    journey.presentation = journey.consent = None
    journey.notices.pop("consent", None)
    if journey.stage is not Stage.DETAILS:
        journey.stage = Stage.READY if journey.extraction is None else Stage.DOCUMENT_READ


def refuse_photo(rt: Runtime, journey: HypersignJourney, step: str, why: str) -> None:
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


def abandon(rt: Runtime, journey: HypersignJourney) -> None:
    if not journey.finished:
        rt.store.finish_journey(journey.journey_id, "abandoned")


def admin_tokens(rt: Runtime) -> list[TokenStatus]:
    """What the long-lived client holds, as times (never values); empty if it cannot be built."""
    try:
        client: HypersignKycClient = rt.client(SPEC)
    except NotConfigured:
        return []
    return client.admin_tokens()


def document_problems(document: Document) -> list[str]:
    problems = []
    if not document.front:
        problems.append("Take or upload the document's front first.")
    if document.type == "GOVT_ID":
        if not document.back:
            problems.append("A government ID needs its back too: take or upload it.")
        if not document.country_code:
            problems.append("Pick the country that issued the ID.")
    return problems


def _settings(rt: Runtime) -> HypersignKycSettings:
    settings = vendor_settings(SPEC, rt.settings, rt.services.sandbox_url)
    assert isinstance(settings, HypersignKycSettings)
    return settings


def _user_session(
    client: HypersignKycClient, journey: HypersignJourney, settings: HypersignKycSettings
) -> UserSession:
    # The document's sample sends the DID as `userDid`; the notes say the service reads `did`.
    claims = {
        "name": journey.user.name.strip(),
        "email": journey.user.email.strip(),
        "did": journey.holder_did,
        "userDid": journey.holder_did,
    }
    return client.user_session(
        session_id=journey.session_id,
        issuer_did=journey.issuer_did,
        issuer_verification_method_id=journey.issuer_method,
        claims=claims,
        ttl_seconds=settings.user_token_ttl_seconds,
    )


def _user_token(journey: HypersignJourney) -> str:
    assert journey.user_session is not None
    return journey.user_session.user_token


def _step(rt: Runtime, journey: HypersignJourney, step: str, action: Callable[[Any], None]) -> None:
    journey.notices.pop(step, None)
    try:
        with journey_scope(journey.journey_id):
            action(rt.client(SPEC))
    except NotConfigured as exc:
        journey.notices[step] = Notice.not_configured(exc)
    except KycError as exc:
        notice = Notice.of(explain(exc, rt.redactor))
        if FORCED in notice.detail:  # a sandbox magic e-mail: retaking or retrying cannot help
            notice.next_step = "Pick another sample user (or change the e-mail), then Start over."
        journey.notices[step] = notice


def _refuse(
    rt: Runtime, journey: HypersignJourney, step: str, history_step: str, problems: list[str]
) -> None:
    journey.notices[step] = rt.refuse_input(
        SPEC, journey.journey_id, journey.mode, history_step, problems
    )
