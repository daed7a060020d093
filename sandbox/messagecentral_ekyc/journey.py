"""One e-KYC Now journey: the URL handed out (single use, 30 minutes on the sandbox clock), then
its steps as the hosted pages take them, then how it ended.

A journey is `pending` until its URL is first opened, `in_progress` while its steps are taken,
then `completed`, `failed`, `expired` or `abandoned` (the redirect's statuses), each with a
short reason code. The URL's 30 minutes bound the whole journey (not documented by the vendor
past "the generated URL is valid for 30 minutes": chosen), so a journey still open at its
expiry ends `expired` the next time its page or a step is reached.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sandbox.core.vision import FaceEmbedding
from sandbox.messagecentral_ekyc.reading import DocumentReading
from sandbox.messagecentral_ekyc.seed import Flow

URL_MINUTES = 30  # documented: "expires_in_minutes": 30
URL_SECONDS = URL_MINUTES * 60
# Not documented by the vendor: how many times a capture step may be retaken. Chosen: three
# attempts, the last refusal ending the journey.
MAX_ATTEMPTS = 3

PENDING, IN_PROGRESS = "pending", "in_progress"
COMPLETED, FAILED, EXPIRED, ABANDONED = "completed", "failed", "expired", "abandoned"
ENDED = (COMPLETED, FAILED, EXPIRED, ABANDONED)

# Reason codes (the redirect's `reason`), one per way a journey ends; not documented by the
# vendor: chosen.
VERIFIED = "verified"
DOCUMENT_REJECTED = "document_rejected"
SELFIE_REJECTED = "selfie_rejected"
FACE_MISMATCH = "face_mismatch"
LIVENESS_FAILED = "liveness_failed"
AML_HIT = "aml_hit"
LINK_EXPIRED = "link_expired"
CONSENT_DECLINED = "consent_declined"
USER_CANCELLED = "user_cancelled"


def iso(moment: float | None) -> str | None:
    return None if moment is None else datetime.fromtimestamp(moment, UTC).isoformat()


@dataclass
class Step:
    name: str
    status: str = "pending"  # pending, current, passed, failed, skipped
    refused: int = 0  # attempts refused (a capture step takes MAX_ATTEMPTS)
    at: float | None = None
    detail: str | None = None  # what the last attempt was told

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "status": self.status,
            "refused": self.refused,
            "at": iso(self.at),
            "detail": self.detail,
        }


@dataclass
class Journey:
    journey_id: str
    token: str
    flow: Flow
    created_at: float
    session: str | None = None
    opened_at: float | None = None
    status: str = PENDING
    reason: str | None = None
    message: str | None = None
    ended_at: float | None = None
    redirect: str | None = None  # where the journey's end sent the browser
    reopened: int = 0  # how many times the used or expired URL was opened again
    forced: str | None = None  # a sandbox outcome chosen on the document step
    liveness_prompt: str = "Turn your head slightly to the left"
    steps: dict[str, Step] = field(default_factory=dict)
    captured: dict = field(default_factory=dict)
    document: DocumentReading | None = field(default=None, repr=False)
    selfie: FaceEmbedding | None = field(default=None, repr=False)
    # Seeded journeys: the pictures their earlier steps took, read when a later step needs them.
    unread: dict[str, Path] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.steps:
            self.steps = {name: Step(name) for name in self.flow.steps}

    @property
    def expires_at(self) -> float:
        return self.created_at + URL_SECONDS

    @property
    def ended(self) -> bool:
        return self.status in ENDED

    @property
    def current(self) -> str | None:
        """The step the journey stands at, None once it ended or before it opened."""
        if self.status != IN_PROGRESS:
            return None
        return next((s.name for s in self.steps.values() if s.status != "passed"), None)

    def open(self, session: str, now: float) -> None:
        self.session, self.opened_at, self.status = session, now, IN_PROGRESS
        first = next(iter(self.steps.values()))
        first.status, first.at = "current", now

    def expire_if_due(self, now: float) -> bool:
        """Ends a journey whose URL's 30 minutes are over; True when this call ended it."""
        if self.ended or now < self.expires_at:
            return False
        message = "The verification link expired before the journey was finished."
        if self.status == PENDING:
            message = "The verification link expired before it was opened."
        self.end(EXPIRED, LINK_EXPIRED, message, self.expires_at)
        return True

    def passed(self, name: str, now: float, detail: str | None = None) -> None:
        step = self.steps[name]
        step.status, step.at, step.detail = "passed", now, detail
        following = self.current
        if following is not None:
            self.steps[following].status = "current"
            self.steps[following].at = now

    def refused(self, name: str, now: float, detail: str) -> int:
        """One more refused attempt at `name`; the attempts left."""
        step = self.steps[name]
        step.refused += 1
        step.at, step.detail = now, detail
        return MAX_ATTEMPTS - step.refused

    def attempts_left(self, name: str) -> int:
        return MAX_ATTEMPTS - self.steps[name].refused

    def end(self, status: str, reason: str, message: str, now: float) -> None:
        self.status, self.reason, self.message, self.ended_at = status, reason, message, now
        for step in self.steps.values():
            if step.status == "current":
                step.status = "failed" if status == FAILED else "skipped"
                step.at = now
            elif step.status == "pending":
                step.status = "skipped"

    def to_json(self) -> dict:
        """What QA reads (GET /_sandbox/messagecentral-ekyc/journeys/<id>): no images."""
        return {
            "journey_id": self.journey_id,
            "flow": self.flow.kind,
            "flow_id": self.flow.id,
            "status": self.status,
            "reason": self.reason,
            "message": self.message,
            "step": self.current,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at),
            "opened_at": iso(self.opened_at),
            "ended_at": iso(self.ended_at),
            "reopened": self.reopened,
            "redirect": self.redirect,
            "forced": self.forced,
            "steps": [step.to_json() for step in self.steps.values()],
            "captured": self.captured,
        }
