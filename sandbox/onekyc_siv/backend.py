"""What OneKYC remembers, on the sandbox clock: partner tokens, submissions (by id and by SDK
token), where callbacks go; and the rules: token lifetimes, processing 8 s after both photos
are in, the result and the callback payload.

Routes run on the event loop, processing and deliveries on the scheduler's threads: every change
is made under one lock, and `changed` (a Condition on it) wakes whoever waits for one (tests).
"""

import hashlib
import hmac
import logging
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sandbox.core.bounded import Bounded
from sandbox.core.clock import SandboxClock
from sandbox.core.schedule import Scheduler
from sandbox.onekyc_siv import errors as err
from sandbox.onekyc_siv import paths, seed
from sandbox.onekyc_siv.intake import Initiation, Photo

log = logging.getLogger("sandbox")

TOKEN_SECONDS = 1800  # from OneKYC's public docs: expiry_seconds "1800"
# Not documented by the vendor: the SDK token's lifetime and how long processing takes. Chosen:
# 1800 s, and 8 s on the sandbox clock after both photos are in.
SDK_TOKEN_SECONDS = 1800
PROCESSING_SECONDS = 8.0

PENDING, PROCESSING, COMPLETED = "PENDING", "PROCESSING", "COMPLETED"
KTP_RECEIVED, SELFIE_RECEIVED = "KTP_RECEIVED", "SELFIE_RECEIVED"
CHECKS = ("nik", "name", "dateOfBirth", "selfie")
KTP_FIELDS = (
    "nik",
    "name",
    "region",
    "dateOfBirth",
    "bloodType",
    "religion",
    "province",
    "city",
    "address",
    "district",
    "town",
    "gender",
    "rt",
    "rw",
    "occupation",
    "validUntil",
    "citizenship",
    "maritalStatus",
    "issuanceDate",
)
NOT_ELIGIBLE = {
    "eligibleToActivate": False,
    "onboardingCode": "NOT_ELIGIBLE",
    "shouldSkipActivation": False,
}


def _field(done: object, *names: str) -> dict:
    """A ProcessedSubmission's field, by its snake_case or its camelCase name."""
    for name in names:
        if hasattr(done, name):
            return getattr(done, name)
    raise AttributeError(names[0])


def iso(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat()


@dataclass
class SamplePhoto:
    """A seeded submission's photo: a SPECIMEN sample, read when processing needs it."""

    path: Path
    content_type: str = "image/jpeg"

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class Delivery:
    attempt: int
    at: float
    url_host: str | None
    status_code: int | None
    error: str | None
    next_retry_at: float | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    def to_json(self) -> dict:
        return {
            "attempt": self.attempt,
            "at": iso(self.at),
            "url_host": self.url_host,
            "status_code": self.status_code,
            "error": self.error,
            "next_retry_at": iso(self.next_retry_at),
        }


@dataclass
class Submission:
    submission_id: str
    sdk_token: str
    created_at: float
    user_id: str
    user_id_type: str
    session_id: str
    contact: str
    source: str = "SDK"
    locale: str = "id_ID"
    host: str | None = None  # the API host's base URL as the client reached it
    magic: str | None = None
    seeded: bool = False
    ktp: Photo | SamplePhoto | None = None
    ktp_at: float | None = None
    selfie: Photo | SamplePhoto | None = None
    selfie_at: float | None = None
    additional: Photo | None = None
    processing_due: float | None = None
    completed_at: float | None = None
    payload: dict | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    duplicated: bool = False

    @property
    def token_expires(self) -> float:
        return self.created_at + SDK_TOKEN_SECONDS

    @property
    def status(self) -> str:
        if self.payload is not None:
            return COMPLETED
        return PROCESSING if self.processing_due is not None else PENDING

    def identity(self) -> dict:
        """The payload's first keys: the x-partner-* headers of Initiate Flow."""
        return {
            "submissionId": self.submission_id,
            "userId": self.user_id,
            "userIdType": self.user_id_type,
            "partnerSessionId": self.session_id,
        }

    def details(self) -> dict:
        """Get Submission Details' data: the callback payload once processed."""
        if self.payload is not None:
            return self.payload
        return {**self.identity(), "status": self.status}

    def to_json(self) -> dict:
        """As QA sees it (the control plane)."""
        return {
            "submissionId": self.submission_id,
            "status": self.status,
            "source": self.source,
            "userLocale": self.locale,
            "magic": self.magic,
            "seeded": self.seeded,
            "created_at": iso(self.created_at),
            "sdk_token_expires_at": iso(self.token_expires),
            "ktp_received_at": iso(self.ktp_at),
            "selfie_received_at": iso(self.selfie_at),
            "additional_selfie": self.additional is not None,
            "processing_due_at": iso(self.processing_due),
            "completed_at": iso(self.completed_at),
            "result": self.payload,
            "deliveries": [delivery.to_json() for delivery in self.deliveries],
        }


@dataclass
class Callback:
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Backend:
    def __init__(self, clock: SandboxClock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.scheduler = Scheduler(clock, name="onekyc-siv")
        self.tokens: Bounded[float] = Bounded()
        self.submissions: Bounded[Submission] = Bounded()
        self.by_sdk_token: Bounded[Submission] = Bounded()
        self.callback = Callback()
        self.generation = 0
        # Signs the image URLs (capability URLs): new with every process.
        self._image_key = secrets.token_bytes(32)
        # Set by the simulator: what runs once a submission is processed (the first delivery).
        self.on_completed: Callable[[Submission, int], None] = lambda submission, generation: None
        self.reset()

    def now(self) -> float:
        return self.clock.now()

    def reset(self) -> None:
        with self.changed:
            self.scheduler.cancel_all()
            self.generation += 1
            self.tokens.clear()
            self.submissions.clear()
            self.by_sdk_token.clear()
            self.callback = Callback()
            now = self.now()
            self.tokens.put(seed.PARTNER_TOKEN, now + TOKEN_SECONDS)
            for seeded in seed.SUBMISSIONS:
                self._seed(seeded, now)
            self.changed.notify_all()

    def _seed(self, seeded: seed.SeededSubmission, now: float) -> None:
        submission = Submission(
            seeded.submission_id,
            seeded.sdk_token,
            now - seeded.age,
            seed.USER_ID,
            seed.USER_ID_TYPE,
            seed.SESSION_ID,
            seeded.contact,
            magic=seed.MAGIC.get(seeded.contact),
            seeded=True,
        )
        self._keep(submission)
        if seeded.ktp is not None:
            submission.ktp, submission.ktp_at = SamplePhoto(seed.SAMPLES[seeded.ktp]), now
        if seeded.selfie is not None:
            submission.selfie, submission.selfie_at = SamplePhoto(seed.SAMPLES[seeded.selfie]), now
            self._start(submission, now)

    def _keep(self, submission: Submission) -> None:
        self.submissions.put(submission.submission_id, submission)
        self.by_sdk_token.put(submission.sdk_token, submission)

    def current(self, submission: Submission, generation: int) -> bool:
        """Whether a job started for `submission` in `generation` still concerns this state (no
        reset since, and the submission still kept)."""
        with self.lock:
            found = self.submissions.get(submission.submission_id)
            return generation == self.generation and found is submission

    def wait(self, ready: Callable[[], bool], timeout: float) -> bool:
        """Blocks until `ready()` holds (checked at each change), at most `timeout` seconds."""
        with self.changed:
            return self.changed.wait_for(ready, timeout)

    def notify(self) -> None:
        with self.changed:
            self.changed.notify_all()

    # --- Getting Authentication Token, and the partner token on the API host ------------------

    def issue_token(self) -> tuple[str, float]:
        token = secrets.token_urlsafe(32)
        expires = self.now() + TOKEN_SECONDS
        with self.lock:
            self.tokens.put(token, expires)
        return token, expires

    def check_token(self, token: str | None) -> None:
        with self.lock:
            expires = self.tokens.get(token)
        if expires is None or self.now() >= expires:
            raise err.unauthorized()

    # --- Initiate Flow ------------------------------------------------------------------------

    def initiate(self, flow: Initiation, host: str) -> Submission:
        submission = Submission(
            str(uuid.uuid4()),
            secrets.token_urlsafe(32),
            self.now(),
            flow.user_id,
            flow.user_id_type,
            flow.session_id,
            flow.contact,
            source=flow.source,
            locale=flow.locale,
            host=host,
            magic=seed.MAGIC.get(flow.contact),
        )
        with self.lock:
            self._keep(submission)
        return submission

    # --- the SDK's capture calls --------------------------------------------------------------

    def sdk_submission(self, token: str | None) -> Submission:
        with self.lock:
            submission = self.by_sdk_token.get(token)
        if submission is None:
            raise err.unauthorized()
        if self.now() >= submission.token_expires:
            raise err.OneKycError(401, (err.SDK_TOKEN_EXPIRED_CODE, err.SDK_TOKEN_EXPIRED))
        return submission

    def refuse_if_started(self, submission: Submission) -> None:
        if submission.status != PENDING:
            code = err.ALREADY_PROCESSING_CODE
            raise err.OneKycError(409, (code, err.SUBMISSION_ALREADY_PROCESSING))

    def take(
        self,
        submission: Submission,
        kind: str,
        photo: Photo,
        additional: Photo | None,
        host: str,
    ) -> str:
        """Keeps a photo (a second KTP or selfie before processing replaces the first); both in,
        processing starts. Returns the capture call's status."""
        with self.changed:
            self.refuse_if_started(submission)  # another request may have got in first
            now = self.now()
            if kind == "ktp":
                submission.ktp, submission.ktp_at = photo, now
            else:
                submission.selfie, submission.selfie_at = photo, now
                submission.additional = additional
            if submission.host is None:  # seeded: the host the SDK used
                submission.host = host
            if submission.ktp is not None and submission.selfie is not None:
                self._start(submission, now)
                status = PROCESSING
            else:
                status = KTP_RECEIVED if submission.ktp is not None else SELFIE_RECEIVED
            self.changed.notify_all()
            return status

    def _start(self, submission: Submission, now: float) -> None:
        submission.processing_due = now + PROCESSING_SECONDS
        generation = self.generation
        self.scheduler.at(submission.processing_due, lambda: self._process(submission, generation))

    def _process(self, submission: Submission, generation: int) -> None:
        """Reads the photos (blocking: on the scheduler's threads), then completes."""
        if not self.current(submission, generation):
            return
        assert submission.ktp is not None and submission.selfie is not None
        try:
            from sandbox.onekyc_siv import processing

            done = processing.process(submission.ktp.data, submission.selfie.data)
            checks = dict(_field(done, "verification_result", "verificationResult"))
            ktp = dict(_field(done, "ktp_data", "ktpData"))
            result = done.result
            registration = dict(_field(done, "certificate_registration", "certificateRegistration"))
        except Exception:
            log.exception("onekyc-siv: processing %s failed", submission.submission_id)
            checks = dict.fromkeys(CHECKS, "FAIL")
            ktp = dict.fromkeys(KTP_FIELDS, "")
            result, registration = "INVALID", dict(NOT_ELIGIBLE)
        with self.changed:
            if generation != self.generation:
                return
            submission.payload = {
                **submission.identity(),
                "status": COMPLETED,
                "result": result,
                "submissionDetails": {
                    "verificationResult": checks,
                    "ktpData": ktp,
                    "certificateRegistration": registration,
                    "imageUrls": self._image_urls(submission),
                },
            }
            submission.completed_at = self.now()
            self.changed.notify_all()
        self.on_completed(submission, generation)

    # --- images -------------------------------------------------------------------------------

    def _image_urls(self, submission: Submission) -> dict:
        host = submission.host or ""
        photos = {
            "KTP": submission.ktp,
            "SELFIE": submission.selfie,
            "ADDITIONAL_SELFIE": submission.additional,
        }
        return {
            kind: (
                f"{host}{paths.on_api_host(paths.image_path(submission.submission_id, kind))}"
                f"?sig={self.signature(submission.submission_id, kind)}"
                if photo is not None
                else ""
            )
            for kind, photo in photos.items()
        }

    def signature(self, submission_id: str, kind: str) -> str:
        message = f"{submission_id}/{kind}".encode()
        return hmac.new(self._image_key, message, hashlib.sha256).hexdigest()

    def image(self, submission_id: str, kind: str, sig: str) -> Photo | SamplePhoto:
        expected = self.signature(submission_id, kind)
        if kind not in paths.IMAGE_KINDS or not hmac.compare_digest(
            sig.encode(), expected.encode()
        ):
            raise err.OneKycError(403, (err.FORBIDDEN_CODE, err.FORBIDDEN))
        with self.lock:
            submission = self.submissions.get(submission_id)
        photo = None
        if submission is not None:
            photo = {"KTP": submission.ktp, "SELFIE": submission.selfie}.get(
                kind, submission.additional
            )
        if photo is None:
            raise err.not_found()
        return photo

    # --- Get Submission Details ---------------------------------------------------------------

    def submission(self, submission_id: str) -> Submission:
        with self.lock:
            found = self.submissions.get(submission_id)
        if found is None:
            raise err.not_found()
        return found

    def set_callback(self, url: str | None, headers: dict[str, str]) -> None:
        with self.lock:
            self.callback = Callback(url, dict(headers))
