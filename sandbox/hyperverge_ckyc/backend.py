"""CKYC Individual Download rules: record search, the OTP state machine, the download body."""

import random
import re
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from sandbox.core.clock import SandboxClock
from sandbox.core.inbox import Inbox, Sms
from sandbox.hyperverge_ckyc import errors as err
from sandbox.hyperverge_ckyc.seed import (
    DOWNLOAD_KEYS,
    MAGIC_DSC_EXPIRED,
    MAGIC_SERVER_ERROR,
    RECORDS,
    SEED_OTP,
    SEEDED_SESSIONS,
    SeedRecord,
)

ID_TYPES = ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "Z", "S01", "S02", "M")
OTP_ATTEMPTS = 3
RESEND_LIMIT = 3
RESEND_COOLDOWN_SECONDS = 90
SMS_SENDER = "CKYCIN"
# Not documented by the vendor: how long an OTP session lives. We end it 30 minutes (on the
# sandbox clock) after its last OTP was sent; it then answers as an unknown requestId.
SESSION_LIFETIME_SECONDS = 30 * 60
# Not documented by the vendor: how strictly the E parts are checked. We require a 12-digit
# Aadhaar, a name, a DD-MM-YYYY date of birth and a gender of M, F or T.
AADHAAR_ID = re.compile(r"^(\d{12})\|([^|]+)\|(\d{2}-\d{2}-\d{4})\|([MFT])$", re.IGNORECASE)


def mask_last4(value: str) -> str:
    """The vendor's masking: X for every character but the last 4 (XXXXXX1865)."""
    return "X" * (len(value) - 4) + value[-4:]


@dataclass
class OtpSession:
    request_id: str
    record: SeedRecord
    mobile: str
    otp: str
    last_otp_at: float
    attempts_left: int = OTP_ATTEMPTS
    resends_used: int = 0
    terminated: bool = False


class CkycBackend:
    def __init__(self, clock: SandboxClock, inbox: Inbox) -> None:
        self.clock = clock
        self.inbox = inbox
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._random = random.Random(20261122)  # OTPs repeat after a reset; requestIds don't
            # Oldest OTP first: a resend moves its session to the end, so expired ones lead.
            self._sessions: OrderedDict[str, OtpSession] = OrderedDict()
            self._download_counts = {r.key: r.download_count for r in RECORDS}
            by_key = {r.key: r for r in RECORDS}
            now = self.clock.now()
            for request_id, (key, attempts, resends, age) in SEEDED_SESSIONS.items():
                record = by_key[key]
                self._sessions[request_id] = OtpSession(
                    request_id, record, record.mobile, SEED_OTP, now - age, attempts, resends
                )

    # --- search -------------------------------------------------------------------------

    def find(self, id_type: str, id_no: str) -> SeedRecord:
        if id_type not in ID_TYPES:
            raise err.bad_request(f'"idType" must be one of [{", ".join(ID_TYPES)}]')
        if id_no == MAGIC_DSC_EXPIRED:
            raise err.CkycError(404, err.CODES["signature"], err.DSC_EXPIRED)
        if id_no == MAGIC_SERVER_ERROR:
            raise err.CkycError(500, err.CODES["server"], err.SERVER_ERROR)
        wanted = self._normalise(id_type, id_no)
        for record in RECORDS:
            known = record.ids.get(id_type)
            if known is not None and self._normalise(id_type, known) == wanted:
                return record
        raise err.CkycError(404, err.CODES["not_found"], err.NO_RECORD)

    @staticmethod
    def _normalise(id_type: str, id_no: str) -> str:
        if id_type != "E":
            return id_no.strip().upper()
        match = AADHAAR_ID.match(id_no.strip())
        if match is None:
            raise err.bad_request(
                '"idNo" for idType E must be in the format aadhaar|name|dob|gender'
            )
        aadhaar, name, dob, gender = match.groups()
        return "|".join((aadhaar, " ".join(name.upper().split()), dob, gender.upper()))

    def search_result(self, record: SeedRecord, with_ref_no: bool) -> dict:
        """The search-only body: CERSAI's few fields inside the full download structure."""
        result = {key: _empty(key) for key in DOWNLOAD_KEYS}
        fields = record.fields
        result.update(
            ckycNo=mask_last4(fields["ckycNo"]),
            fullName=fields["fullName"],
            dob=fields["dob"],
            gender=fields["gender"],
            age=fields["age"],
            kycDate="********",
            updatedDate=fields["updatedDate"],
            idList=[{"type": i["type"], "status": i["status"]} for i in fields["idList"]],
        )
        if with_ref_no:
            result["ckycRefNo"] = fields["ckycRefNo"]
        return result

    # --- OTP ----------------------------------------------------------------------------

    def start_otp(self, record: SeedRecord, mobile: str) -> OtpSession:
        if not record.mobile:
            raise err.bad_request(err.MOBILE_NOT_REGISTERED)
        if mobile.strip() != record.mobile:
            raise err.bad_request(err.AUTH_FACTOR_MISMATCH)
        with self._lock:
            self._drop_expired()
            session = OtpSession(
                # Random, not seeded: history keys journeys on requestIds, across resets too.
                request_id=str(uuid.uuid4()),
                record=record,
                mobile=record.mobile,
                otp=self._new_otp(),
                last_otp_at=self.clock.now(),
            )
            self._sessions[session.request_id] = session
        self._send_sms(session)
        return session

    def validate(self, request_id: str, otp: str) -> OtpSession:
        with self._lock:
            session = self._live_session(request_id)
            if otp == session.otp:
                del self._sessions[request_id]  # a download consumes the session
                self._download_counts[session.record.key] += 1
                return session
            session.attempts_left -= 1
            if session.attempts_left <= 0:
                session.terminated = True
                raise err.otp_error(err.OTP_EXHAUSTED)
            raise err.otp_error(err.INVALID_OTP.format(count=session.attempts_left))

    def resend(self, request_id: str) -> err.CkycError:
        """A resend; the vendor documents even its success as a 404 with this message."""
        with self._lock:
            session = self._live_session(request_id)
            if self.clock.now() - session.last_otp_at < RESEND_COOLDOWN_SECONDS:
                raise err.otp_error(err.RESEND_TOO_EARLY)
            if session.resends_used >= RESEND_LIMIT:
                raise err.otp_error(err.RESEND_LIMIT)
            session.resends_used += 1
            session.otp = self._new_otp()
            session.attempts_left = OTP_ATTEMPTS
            session.last_otp_at = self.clock.now()
            self._sessions.move_to_end(request_id)
            remaining = RESEND_LIMIT - session.resends_used
        self._send_sms(session)
        return err.otp_error(
            err.RESEND_SENT.format(masked=mask_last4(session.mobile), count=remaining)
        )

    def _live_session(self, request_id: str) -> OtpSession:
        session = self._sessions.get(request_id)
        if session is None or self._expired(session):
            raise err.otp_error(err.UNKNOWN_REQUEST)
        if session.terminated:
            raise err.otp_error(err.OTP_EXHAUSTED)
        return session

    def _expired(self, session: OtpSession) -> bool:
        return self.clock.now() - session.last_otp_at >= SESSION_LIFETIME_SECONDS

    def _drop_expired(self) -> None:
        while self._sessions:
            oldest = next(iter(self._sessions.values()))
            if not self._expired(oldest):
                return
            del self._sessions[oldest.request_id]

    def _new_otp(self) -> str:
        return f"{self._random.randrange(1_000_000):06d}"

    def _send_sms(self, session: OtpSession) -> None:
        text = (
            f"{session.otp} is your OTP to download your CKYC record. Do not share it with "
            "anyone. - CERSAI (sandbox)"
        )
        sms = Sms(
            session.mobile, SMS_SENDER, text, session.otp, self.clock.now(), session.request_id
        )
        self.inbox.deliver(sms)

    # --- download -----------------------------------------------------------------------

    def download_result(
        self,
        session: OtpSession,
        *,
        image_type: str | None,
        image_url: str,
        with_counts: bool,
        with_ref_no: bool,
        with_residential: bool,
    ) -> dict:
        record = session.record
        result = {key: _empty(key) for key in DOWNLOAD_KEYS}
        result.update({k: v for k, v in record.fields.items() if k in result})
        result["numIdentity"] = str(len(record.fields["idList"]))
        result["numImages"] = str(len(record.images))
        result["imageDetails"] = (
            [
                _image_entry(image, image_type, f"{image_url}/{index}")
                for index, image in enumerate(record.images)
            ]
            if image_type
            else []
        )
        if with_counts:
            result["downloadCount"] = str(self._download_counts[record.key])
            result["updateCount"] = str(record.update_count)
        if with_ref_no:
            result["ckycRefNo"] = record.fields["ckycRefNo"]
        if with_residential:
            result["residentialStatus"] = record.residential_status
            result["foreignNationalId"] = record.foreign_national_id
        return result


def _empty(key: str):
    return {"idList": [], "imageDetails": [], "disabilityFlag": False}.get(
        key, 0 if key in ("disabilityType", "disabilityPercentage") else ""
    )


def _image_entry(image, image_type: str, url: str) -> dict:
    entry = {
        "imageType": image.image_type,
        "imageCode": image.image_code,
        "imageExtension": image.extension,
    }
    if image_type == "base64":
        entry["imageData"] = image.base64()
    else:
        entry["imageUrl"] = url
    return entry
