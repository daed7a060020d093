"""OneKYC SIV as the vendor document and the team's contract write it (literals, never the
simulator's constants), and what the OneKYC tests share: a sandbox of their own (so that a test
can wait on the simulator's state instead of sleeping) and the partner's callback receiver."""

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from sandbox import SandboxState, create_app
from sandbox.core.server import BackgroundServer

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets" / "onekyc"
VENDOR = "onekyc-siv"
CONTROL = "/_sandbox/onekyc-siv"
TOKEN = "/onekyc-siv/token/v1/esign/partner/authentication"
INITIATE = "/onekyc-siv/api/coe-partner/v1/initiate-flow"
KTP = "/onekyc-siv/api/coe-sdk/v1/submissions/ktp"
SELFIE = "/onekyc-siv/api/coe-sdk/v1/submissions/selfie"
CLIENT_ID = "5f0c4c1e-7d1a-4b8e-9c3f-0a6b2d9e8f17"
PASS_KEY = "c2a9e4b0-1f3d-4c6a-8e7b-5d9f0a1b2c3d"
CREDENTIALS = {"client-id": CLIENT_ID, "pass-key": PASS_KEY}
PARTNER = {
    "x-partner-user-id": "421453511adsasdl",
    "x-partner-user-id-type": "MY_USER_ID",
    "x-partner-session-id": "b719f79b-ae7a-440a-8f9c-5f661ca34e7",
}

# The document's two Initiate Flow bodies, as written (its trailing comma aside).
PHONE_BODY = {
    "flow": "STANDALONE_IDENTITY_VERIFICATION",
    "source": "SDK",
    "successRedirectionUrl": "http://myserver.com/success-page",
    "failureRedirectionUrl": "http://myserver.com/failure-page",
    "additionalDetails": {
        "phoneNumber": "628188888889",
        "dataVerification": {
            "phoneNumber": {
                "isVerified": True,
                "verificationReferenceId": "string-referencing-to-phonenumber-verification",
            }
        },
    },
    "userLocale": "id_ID",
}
EMAIL_BODY = {
    "flow": "STANDALONE_IDENTITY_VERIFICATION",
    "source": "SDK",
    "successRedirectionUrl": "http://myserver.com/success-page",
    "failureRedirectionUrl": "http://myserver.com/failure-page",
    "additionalDetails": {
        "email": "budi.specimen@example.com",
        "dataVerification": {
            "email": {
                "isVerified": True,
                "verificationReferenceId": "string-referencing-to-email-verification",
            }
        },
        "userLocale": "id_ID",
    },
}

# The document's callback payload: its keys, level by level.
PAYLOAD_KEYS = {
    "submissionId",
    "userId",
    "userIdType",
    "partnerSessionId",
    "status",
    "result",
    "submissionDetails",
}
DETAILS_KEYS = {"verificationResult", "ktpData", "certificateRegistration", "imageUrls"}
VERIFICATION_KEYS = {"nik", "name", "dateOfBirth", "selfie"}
KTP_DATA_KEYS = {
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
}
REGISTRATION_KEYS = {"eligibleToActivate", "onboardingCode", "shouldSkipActivation"}
IMAGE_KEYS = {"KTP", "SELFIE", "ADDITIONAL_SELFIE"}

WAIT = 60.0  # seconds at most for a reading (a cold OCR model loads first) or a delivery


def errors(status_code: int, response: httpx.Response, *pairs: tuple[str, str]) -> None:
    """The contract's error body, exactly."""
    assert response.status_code == status_code, response.text
    expected = [{"code": code, "cause": cause} for code, cause in pairs]
    assert response.json() == {"success": False, "errors": expected}


def photo(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


class OneKycSandbox:
    """The sandbox on loopback with its state at hand: the clock and the simulator's backend."""

    def __init__(self) -> None:
        self.state = SandboxState()
        self.server = BackgroundServer(create_app(self.state), name="onekyc-sandbox").start()
        self.url = self.server.url
        self.backend = self.state.backends[VENDOR].backend
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def reset(self) -> None:
        self.client.post("/_sandbox/reset").raise_for_status()
        self.client.post("/_sandbox/clock/freeze", json={"frozen": True}).raise_for_status()

    def advance(self, seconds: float) -> None:
        moved = self.client.post("/_sandbox/clock/advance", json={"seconds": seconds})
        moved.raise_for_status()

    def partner_token(self) -> str:
        answer = self.client.get(TOKEN, headers=CREDENTIALS)
        return answer.json()["data"]["token"]

    def initiate(self, body: dict | None = None, base: str | None = None) -> dict:
        headers = {**PARTNER, "x-onekyc-token": self.partner_token()}
        answer = httpx.post((base or self.url) + INITIATE, headers=headers, json=body or PHONE_BODY)
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]

    def capture(self, path: str, sdk_token: str, name: str, **extra: bytes) -> httpx.Response:
        files = {"image": (name, photo(name), "image/jpeg")}
        files |= {field: (field + ".jpg", data, "image/jpeg") for field, data in extra.items()}
        return self.client.post(path, headers={"x-sdk-token": sdk_token}, files=files)

    def details(self, submission_id: str) -> httpx.Response:
        return self.client.get(
            f"/onekyc-siv/api/coe-partner/v1/submissions/{submission_id}",
            headers={"x-onekyc-token": self.partner_token()},
        )

    def control(self, submission_id: str) -> dict:
        return self.client.get(f"{CONTROL}/submissions/{submission_id}").json()

    def submission(self, submission_id: str):
        return self.backend.submissions.get(submission_id)

    def wait_processed(self, submission_id: str) -> None:
        def done() -> bool:
            found = self.submission(submission_id)
            return found is not None and found.payload is not None

        assert self.backend.wait(done, WAIT), "not processed in time"

    def wait_deliveries(self, submission_id: str, count: int) -> list[dict]:
        def done() -> bool:
            found = self.submission(submission_id)
            return found is not None and len(found.deliveries) >= count

        assert self.backend.wait(done, WAIT), f"fewer than {count} delivery attempts"
        return self.control(submission_id)["deliveries"]

    def stop(self) -> None:
        self.client.close()
        self.server.stop()


class Receiver:
    """The partner's callback endpoint: POST /callback; one Event per body received."""

    def __init__(self, port: int = 0, status: int = 200) -> None:
        self.status = status
        self.bodies: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.events = [threading.Event() for _ in range(20)]
        app = Starlette(routes=[Route("/callback", self._receive, methods=["POST"])])
        self.server = BackgroundServer(app, port=port, name="onekyc-receiver").start()
        self.url = f"{self.server.url}/callback"

    async def _receive(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.headers.append(dict(request.headers))
        self.bodies.append(body)
        self.events[len(self.bodies) - 1].set()
        return JSONResponse({"received": True}, status_code=self.status)

    def wait(self, count: int = 1, timeout: float = WAIT) -> bool:
        return self.events[count - 1].wait(timeout)

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture(scope="module")
def onekyc() -> Iterator[OneKycSandbox]:
    sandbox = OneKycSandbox()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def kyc(onekyc: OneKycSandbox) -> Iterator[OneKycSandbox]:
    """The OneKYC sandbox, reset, its clock frozen (only advances move it)."""
    onekyc.reset()
    yield onekyc
    onekyc.client.delete("/_sandbox/faults")
    onekyc.client.post("/_sandbox/reset")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    up = Receiver()
    yield up
    up.stop()
