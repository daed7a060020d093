"""The CKYC Individual Download walk: what each button does, as state a page can render.

No Streamlit here: the page keeps a `CkycJourney` in session state and calls these steps.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from console.core.clients import NotConfigured
from console.core.countdown import Countdown
from console.core.explain import Notice, explain
from console.core.runtime import Runtime
from console.vendors.hyperverge_ckyc.spec import SPEC
from kyc_adapters.errors import KycError
from kyc_adapters.hyperverge_ckyc import (
    ID_TYPES,
    CkycRecord,
    HyperVergeCkycClient,
    OtpRejected,
    OtpSessionTerminated,
    ResendTooEarly,
    SearchResult,
    aadhaar_id_no,
)
from kyc_adapters.recorder import journey as journey_scope

T = TypeVar("T")
MOBILE = re.compile(r"^\d{10}$")
AADHAAR = re.compile(r"^\d{12}$")


class Stage(StrEnum):
    REJECTED = "rejected"  # the form had problems; nothing was sent
    FAILED = "failed"  # the start call failed
    SEARCHED = "searched"  # a search-only answer is shown
    OTP = "otp"  # waiting for the OTP
    ENDED = "ended"  # the vendor ended the OTP session
    DOWNLOADED = "downloaded"

    @property
    def shows_form(self) -> bool:
        return self in (Stage.REJECTED, Stage.FAILED, Stage.SEARCHED)


@dataclass(frozen=True)
class StartForm:
    id_type: str
    id_no: str = ""
    mobile: str = ""
    search_only: bool = False
    output_image_type: str | None = "base64"
    # the Aadhaar (idType E) builder
    aadhaar: str = ""
    name: str = ""
    dob: date | None = None
    gender: str = ""

    def built_id_no(self) -> str:
        if self.id_type != "E":
            return self.id_no.strip()
        dob = self.dob.strftime("%d-%m-%Y") if self.dob else ""
        return aadhaar_id_no(self.aadhaar, self.name, dob, self.gender)

    def problems(self) -> list[str]:
        found = []
        if self.id_type not in ID_TYPES:
            found.append(f"Pick an ID type from the list (got {self.id_type!r}).")
        if self.id_type == "E":
            if not AADHAAR.match(self.aadhaar.strip()):
                found.append("The Aadhaar number must be exactly 12 digits.")
            if not self.name.strip():
                found.append("Enter the name exactly as on the Aadhaar.")
            if self.dob is None:
                found.append("Enter the date of birth.")
            if self.gender not in ("M", "F", "T"):
                found.append("Pick a gender (M, F or T).")
        elif not self.id_no.strip():
            found.append(f"Enter the {ID_TYPES.get(self.id_type, 'ID')} number.")
        if not self.search_only and not MOBILE.match(self.mobile.strip()):
            found.append("The mobile number must be 10 digits (the one registered in CKYC).")
        return found


@dataclass
class CkycJourney:
    journey_id: str
    mode: str
    stage: Stage = Stage.OTP
    who: str = ""  # what the user asked for, as they typed it (shown in the page, not stored)
    request_id: str = ""
    otp_message: str = ""
    mobile: str = ""
    output_image_type: str | None = "base64"
    attempts_left: int = HyperVergeCkycClient.OTP_ATTEMPTS
    resends_left: int = HyperVergeCkycClient.RESEND_LIMIT
    countdown: Countdown = field(default_factory=lambda: Countdown(0.0))
    search: SearchResult | None = None
    record: CkycRecord | None = None
    notice: Notice | None = None
    # What the last OTP-step click answered (shown beside the OTP box, where the user clicked).
    otp_notice: Notice | None = None
    refused_too_early: bool = False  # the otp_notice is a "too early to resend" refusal

    @property
    def otp_open(self) -> bool:
        return self.stage == Stage.OTP


def start(rt: Runtime, form: StartForm) -> CkycJourney:
    mode = rt.mode(SPEC)
    summary = f"{'search' if form.search_only else 'download'} by idType {form.id_type}"
    journey = CkycJourney(rt.store.new_journey(SPEC.id, mode, summary), mode)
    journey.who = (
        f"{ID_TYPES.get(form.id_type, form.id_type)} ({form.id_type}) {form.built_id_no()}"
    )
    if not form.search_only:
        journey.who += f" · mobile {form.mobile.strip()}"
    problems = form.problems()
    if problems:
        rt.store.record_event(
            journey.journey_id,
            SPEC.id,
            mode,
            kind="input",
            step="start",
            outcome="rejected",
            error=" ".join(problems),
        )
        rt.store.finish_journey(journey.journey_id, Stage.REJECTED)
        journey.stage = Stage.REJECTED
        journey.notice = Notice("warning", "Please fix the form", "\n".join(problems))
        return journey
    try:
        with journey_scope(journey.journey_id):
            client: HyperVergeCkycClient = rt.client(SPEC)
            if form.search_only:
                journey.search = client.search(
                    id_type=form.id_type,
                    id_no=form.built_id_no(),
                    transaction_id=journey.journey_id,
                )
                journey.stage = Stage.SEARCHED
                rt.store.finish_journey(journey.journey_id, Stage.SEARCHED)
                return journey
            sent = client.start(
                id_type=form.id_type,
                id_no=form.built_id_no(),
                mobile_no=form.mobile.strip(),
                transaction_id=journey.journey_id,
                output_image_type=form.output_image_type,
            )
    except NotConfigured as exc:
        return _fail(rt, journey, not_configured(exc))
    except KycError as exc:
        return _fail(rt, journey, Notice.of(explain(exc, rt.redactor)))
    journey.stage = Stage.OTP
    journey.request_id = sent.requestId
    journey.otp_message = sent.message
    journey.mobile = form.mobile.strip()
    journey.output_image_type = form.output_image_type
    journey.countdown = Countdown.starting(
        rt.now(SPEC), HyperVergeCkycClient.RESEND_COOLDOWN_SECONDS
    )
    return journey


def verify(rt: Runtime, journey: CkycJourney, otp: str) -> None:
    otp = otp.strip()
    problem = otp_problem(otp)
    if problem:
        journey.otp_notice = Notice("warning", problem, "It is the 6 digits in the latest SMS.")
        rt.store.record_event(
            journey.journey_id,
            SPEC.id,
            journey.mode,
            kind="input",
            step="validate-otp",
            outcome="rejected",
            error=problem,
        )
        return
    record = _otp_call(
        rt,
        journey,
        lambda client: client.download(
            request_id=journey.request_id,
            otp=otp,
            transaction_id=journey.journey_id,
            output_image_type=journey.output_image_type,
        ),
    )
    if record is None:
        return
    journey.record = record
    journey.stage = Stage.DOWNLOADED
    journey.otp_notice = None
    journey.notice = Notice("success", "Record downloaded")
    rt.store.finish_journey(journey.journey_id, Stage.DOWNLOADED)


def otp_problem(otp: str) -> str | None:
    # Not documented by the vendor: the OTP's length. CERSAI sends 6 digits; we refuse only
    # what cannot be an OTP, so QA can still send a 4- to 8-digit one and see the answer.
    if not otp:
        return "Type the OTP first"
    if not otp.isdigit():
        return "The OTP is digits only"
    if not 4 <= len(otp) <= 8:
        return "The OTP is 6 digits"
    return None


def resend(rt: Runtime, journey: CkycJourney) -> None:
    result = _otp_call(
        rt,
        journey,
        lambda client: client.resend_otp(
            request_id=journey.request_id, transaction_id=journey.journey_id
        ),
    )
    if result is None:
        return
    journey.attempts_left = HyperVergeCkycClient.OTP_ATTEMPTS
    if result.resends_left is not None:
        journey.resends_left = result.resends_left
    journey.countdown = Countdown.starting(
        rt.now(SPEC), HyperVergeCkycClient.RESEND_COOLDOWN_SECONDS
    )
    journey.otp_notice = Notice("success", "A new OTP is on its way", result.message)


def clock_moved(journey: CkycJourney) -> None:
    """After the clock moves, an earlier "too early" refusal no longer holds."""
    if journey.refused_too_early:
        journey.otp_notice = None
        journey.refused_too_early = False


def _otp_call(
    rt: Runtime, journey: CkycJourney, call: Callable[[HyperVergeCkycClient], T]
) -> T | None:
    """One call of the OTP step; on failure, the notice is set (and the journey ended if the
    vendor ended the session) and None comes back."""
    journey.refused_too_early = False
    try:
        with journey_scope(journey.journey_id):
            return call(rt.client(SPEC))
    except ResendTooEarly as exc:
        journey.refused_too_early = True
        journey.otp_notice = Notice.of(explain(exc, rt.redactor))
    except OtpRejected as exc:
        journey.attempts_left = exc.attempts_left
        notice = Notice.of(explain(exc, rt.redactor))
        left = exc.attempts_left
        notice.title = f"Wrong OTP: {left} attempt{'s' if left != 1 else ''} left"
        journey.otp_notice = notice
    except OtpSessionTerminated as exc:
        journey.attempts_left = 0
        journey.stage = Stage.ENDED
        journey.otp_notice = Notice.of(explain(exc, rt.redactor))
        rt.store.finish_journey(journey.journey_id, Stage.ENDED)
    except KycError as exc:
        journey.otp_notice = Notice.of(explain(exc, rt.redactor))
    except NotConfigured as exc:
        journey.otp_notice = not_configured(exc)
    return None


def not_configured(exc: NotConfigured) -> Notice:
    return Notice.not_configured(exc)


def abandon(rt: Runtime, journey: CkycJourney) -> None:
    """The user left a walk mid-way (Start over, a sample person): say so in the history."""
    if journey.stage == Stage.OTP:
        rt.store.finish_journey(journey.journey_id, "abandoned")


def _fail(rt: Runtime, journey: CkycJourney, notice: Notice) -> CkycJourney:
    journey.stage = Stage.FAILED
    journey.notice = notice
    rt.store.finish_journey(journey.journey_id, Stage.FAILED)
    return journey
