"""What the Hypersign KYC + SSI tests expect, as literals: paths, headers and keys from the
vendor document (shared/vendor-docs/hypersign-kyc-ssi-custom-ui.txt) and the notes
(shared/vendor-notes.md), the rest from the team's contract (notes/hypersign-contract.md).

Nothing here comes from the sandbox's own modules: a test that expects what the implementation
says cannot catch the implementation saying something else. The helpers below send the
document's own requests.
"""

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import httpx
from PIL import Image, ImageDraw, ImageFont

from tests.e2e.y4m import compose
from tests.helpers import ROOT

# --- the contract's mount and sandbox credentials ---------------------------------------------
VENDOR = "hypersign-kyc"
PREFIX = "/hypersign-kyc"
KYC_API_SECRET = "sandbox-kyc-api-secret"
SSI_API_SECRET = "sandbox-ssi-api-secret"

# --- the document's paths, each below its service's sub-prefix (the contract) -----------------
OAUTH = f"{PREFIX}/dashboard/api/v1/app/oauth"
SESSION = f"{PREFIX}/kyc/api/v2/session"
DID_CREATE = f"{PREFIX}/ssi/api/v1/did/create"
ISSUE_JWT = f"{PREFIX}/ssi/api/v1/did/auth/issue-jwt"
EXCHANGE = f"{PREFIX}/kyc/api/v2/auth/exchange"
EXTRACT = f"{PREFIX}/kyc/api/v2/documents/extract"
BIOMETRICS = f"{PREFIX}/kyc/api/v2/biometrics/verify"
PRESENTATION = f"{PREFIX}/ssi/api/v1/presentation"
CONSENTS = f"{PREFIX}/kyc/api/v2/consents"
ROUTES = (OAUTH, SESSION, DID_CREATE, ISSUE_JWT, EXCHANGE, EXTRACT, BIOMETRICS, PRESENTATION)
ROUTES += (CONSENTS,)
GRANT_KYC = "access_service_kyc"
GRANT_SSI = "access_service_ssi"
KYC_AUDIENCE = "https://api.cavach.hypersign.id"  # the document's KYC_BASE_URL

# --- the document's headers -------------------------------------------------------------------
SECRET_HEADER = "X-Api-Secret-Key"
KYC_TOKEN_HEADER = "x-kyc-access-token"
SSI_TOKEN_HEADER = "x-ssi-access-token"
ISSUER_DID_HEADER = "x-issuer-did"
ISSUER_METHOD_HEADER = "x-issuer-did-ver-method"
ED25519_METHOD = "Ed25519VerificationKey2020"

# --- error codes: the widget's (the notes), then the contract's own ---------------------------
SESSION_EXPIRED = "SESSION_EXPIRED"
ACCESS_TOKEN_EXPIRED = "ACCESS_TOKEN_EXPIRED"
LIVELINESS_VERIFICATION_FAILED = "LIVELINESS_VERIFICATION_FAILED"
DOCUMENT_VERIFICATION_FAILED = "DOCUMENT_VERIFICATION_FAILED"
UNAUTHORIZED = "UNAUTHORIZED"
INVALID_ACCESS_TOKEN = "INVALID_ACCESS_TOKEN"
BAD_REQUEST = "BAD_REQUEST"
CONSENT_VERIFICATION_FAILED = "CONSENT_VERIFICATION_FAILED"
SESSION_NOT_FOUND = "SESSION_NOT_FOUND"

# --- the contract's lifetimes (seconds, on the sandbox clock) ----------------------------------
ADMIN_TOKEN_SECONDS = 900
SESSION_SECONDS = 1800

# --- SPECIMEN images (assets/hypersign/, drawn by assets/make_hypersign.py) --------------------
ASSETS = ROOT / "assets" / "hypersign"
PASSPORT = ASSETS / "passport.jpg"
ID_FRONT = ASSETS / "id-front.jpg"
ID_BACK = ASSETS / "id-back.jpg"
SELFIE = ASSETS / "selfie.jpg"
STRANGER_SELFIE = ASSETS / "stranger-selfie.jpg"
BLANK = ASSETS / "blank.jpg"
PERSON_JSON = ASSETS / "person.json"
DOMAIN = "http://localhost:8501"  # window.location.origin of the console


def b64(image: Path | bytes, data_url: bool = False) -> str:
    data = image if isinstance(image, bytes) else image.read_bytes()
    encoded = base64.b64encode(data).decode()
    return f"data:image/jpeg;base64,{encoded}" if data_url else encoded


# --- what a laptop camera hands the console ---------------------------------------------------
# Chromium's camera, as the console's live capture took it in the new-user walk: frames of
# 640x360 to 960x540 (WebRTC scales the 1280x720 capture down), the picture held up in the
# middle, saved as a JPEG of quality 90 (console/core/camera.py).
CAMERA_SIZES = ((960, 540), (640, 360))
CAMERA_IDS = ["960x540", "640x360"]


def camera_frame(image: Path | Image.Image, width: int, height: int, fill: float = 0.75) -> bytes:
    """A camera's JPEG of `image` held up to it (tests/e2e/y4m.py's compose())."""
    out = io.BytesIO()
    compose(image, width=width, height=height, fill=fill).save(out, "JPEG", quality=90)
    return out.getvalue()


# Where passport.jpg's machine-readable zone is printed (assets/make_hypersign.py): DejaVu Sans
# Mono 32 px, one character every 25.27 px from x = 47.16, line 1 from y = 650, on a strip of
# (252, 252, 252).
MRZ_LEFT, MRZ_PITCH, MRZ_LINE1_TOP, MRZ_STRIP = 47.16, 25.27, 650, (252, 252, 252)


def passport_losing(*columns: int) -> Image.Image:
    """passport.jpg with the characters at these places of the zone's line 1 wiped off: what OCR
    reads when it drops them (narrow glyphs such as I)."""
    page = Image.open(PASSPORT).convert("RGB")
    draw = ImageDraw.Draw(page)
    for column in columns:
        left = MRZ_LEFT + column * MRZ_PITCH
        draw.rectangle(
            (left - 2, MRZ_LINE1_TOP - 4, left + MRZ_PITCH - 4, MRZ_LINE1_TOP + 42), fill=MRZ_STRIP
        )
    return page


# --- the error shapes ---------------------------------------------------------------------------


def kyc_error(response: httpx.Response, status: int, code: str | None = None) -> str:
    """The contract's KYC shape; returns the message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"success", "statusCode", "error"}, body
    assert body["success"] is False and body["statusCode"] == status
    assert set(body["error"]) == {"code", "message"}
    if code is not None:
        assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]["message"]


def ssi_error(response: httpx.Response, status: int) -> str:
    """The notes' SSI shape, {statusCode, message[], error}; returns the first message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"statusCode", "message", "error"}, body
    assert body["statusCode"] == status and isinstance(body["error"], str)
    assert isinstance(body["message"], list) and body["message"], body
    return body["message"][0]


def dashboard_error(response: httpx.Response, status: int) -> str:
    """{statusCode, message, error}: message a string (the document reads result.message)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"statusCode", "message", "error"}, body
    assert body["statusCode"] == status and isinstance(body["message"], str)
    return body["message"]


# --- the document's calls -----------------------------------------------------------------------


def oauth(client: httpx.Client, grant: str, secret: str | None) -> httpx.Response:
    headers = {"Accept": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    return client.post(OAUTH, params={"grant_type": grant}, headers=headers)


def admin_token(client: httpx.Client, service: str) -> str:
    grant, secret = {"kyc": (GRANT_KYC, KYC_API_SECRET), "ssi": (GRANT_SSI, SSI_API_SECRET)}[
        service
    ]
    response = oauth(client, grant, secret)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def issuer(client: httpx.Client) -> tuple[str, str]:
    """The app's issuer DID and verification method, from the sandbox's published settings."""
    vendors = {v["id"]: v for v in client.get("/_sandbox/vendors").json()}
    settings = vendors[VENDOR]["settings"]
    return settings["issuer_did"], settings["issuer_verification_method_id"]


@dataclass
class Journey:
    """One user's walk through the document's calls, each step a plain HTTP request."""

    client: httpx.Client
    kyc: str = ""
    ssi: str = ""
    session_id: str = ""
    did: str = ""
    method: str = ""
    user_token: str = ""
    extraction: str = ""

    def start(self) -> "Journey":
        self.kyc, self.ssi = admin_token(self.client, "kyc"), admin_token(self.client, "ssi")
        created = self.client.post(SESSION, headers={KYC_TOKEN_HEADER: self.kyc})
        assert created.status_code == 200, created.text
        self.session_id = created.json()["data"]["sessionId"]
        made = self.client.post(DID_CREATE, headers=self.ssi_headers(), json={"namespace": ""})
        assert made.status_code == 201, made.text
        self.did = made.json()["did"]
        methods = made.json()["metadata"]["didDocument"]["verificationMethods"]
        self.method = next(m["id"] for m in methods if m["type"] == ED25519_METHOD)
        return self

    def ssi_headers(self) -> dict:
        return {"Authorization": f"Bearer {self.ssi}", "Content-Type": "application/json"}

    def user_headers(self) -> dict:
        return {
            KYC_TOKEN_HEADER: self.kyc,
            "Authorization": f"Bearer {self.user_token}",
            "Content-Type": "application/json",
        }

    def issue_jwt(self, claims: dict | None = None, ttl: int = 3600, **changes) -> httpx.Response:
        did, method = issuer(self.client)
        body = {
            "issuer": {"verificationmethodId": method, "did": did},
            "audience": KYC_AUDIENCE,
            "claims": claims if claims is not None else self.claims(),
            "ttlSeconds": ttl,
            **changes,
        }
        return self.client.post(ISSUE_JWT, headers=self.ssi_headers(), json=body)

    def claims(self, email: str = "john@gmail.com") -> dict:
        return {"name": "John", "email": email, "userDid": self.did}  # the document's userData

    def exchange(self, did_jwt: str, session_id: str | None = None, **headers) -> httpx.Response:
        sent = {
            SSI_TOKEN_HEADER: self.ssi,
            KYC_TOKEN_HEADER: self.kyc,
            "Authorization": f"Bearer {did_jwt}",
            "Content-Type": "application/json",
            **headers,
        }
        body = {"provider": "client_auth", "sessionId": session_id or self.session_id}
        return self.client.post(EXCHANGE, headers=sent, json=body)

    def login(self, email: str = "john@gmail.com", ttl: int = 3600) -> "Journey":
        """issue-jwt then exchange: the user token for this session."""
        issued = self.issue_jwt(self.claims(email), ttl=ttl)
        assert issued.status_code == 200, issued.text
        exchanged = self.exchange(issued.json()["accessToken"])
        assert exchanged.status_code == 200, exchanged.text
        self.user_token = exchanged.json()["data"]["kycServiceUserAccessToken"]
        return self

    def extract_passport(self, image=PASSPORT, **changes) -> httpx.Response:
        body = {
            "documentFront": b64(image, data_url=True),
            "sessionId": self.session_id,
            "documentType": "PASSPORT",
            **changes,
        }
        response = self.client.post(EXTRACT, headers=self.user_headers(), json=body, timeout=60)
        if response.status_code == 200:
            self.extraction = response.json()["data"]["extractionToken"]
        return response

    def extract_govt_id(
        self, front=ID_FRONT, back=ID_BACK, country: str = "IND", **changes
    ) -> httpx.Response:
        body = {
            "documentFront": b64(front, data_url=True),
            "documentBack": b64(back, data_url=True),
            "sessionId": self.session_id,
            "documentType": "GOVT_ID",
            "countryCode": country,
            **changes,
        }
        response = self.client.post(EXTRACT, headers=self.user_headers(), json=body, timeout=60)
        if response.status_code == 200:
            self.extraction = response.json()["data"]["extractionToken"]
        return response

    def biometrics(self, selfie=SELFIE, **changes) -> httpx.Response:
        did, method = issuer(self.client)
        headers = {**self.user_headers(), ISSUER_DID_HEADER: did, ISSUER_METHOD_HEADER: method}
        body = {
            "documentToken": self.extraction,
            "sessionId": self.session_id,
            "selfieImage": b64(selfie),
            "holderDid": self.did,
            **changes,
        }
        return self.client.post(BIOMETRICS, headers=headers, json=body, timeout=60)

    def credentials(self) -> list[dict]:
        """A passport read and a selfie matched: the two credentials."""
        assert self.extract_passport().status_code == 200
        matched = self.biometrics()
        assert matched.status_code == 200, matched.text
        return matched.json()["data"]["credentials"]

    def present(self, credentials: list, challenge: str | None = None, **changes):
        body = {
            "credentialDocuments": credentials,
            "holderDid": self.did,
            "challenge": challenge if challenge is not None else self.session_id,
            "domain": DOMAIN,
            "verificationMethodId": self.method,
            **changes,
        }
        return self.client.post(PRESENTATION, headers=self.ssi_headers(), json=body)

    def consent(self, presentation: dict) -> httpx.Response:
        body = {"sessionId": self.session_id, "presentation": presentation}
        return self.client.post(CONSENTS, headers=self.user_headers(), json=body)


def advance(client: httpx.Client, seconds: float) -> None:
    client.post("/_sandbox/clock/advance", json={"seconds": seconds}).raise_for_status()


# The header band of the SPECIMEN cards (assets/make_documents.py, specimen_marks): (28, 46, 92),
# the title in white DejaVu Sans Bold 34 px at (28, 18), the SPECIMEN banner from x = 750.
CARD_BAND, CARD_TITLE_AT, CARD_TITLE_BOX = (28, 46, 92), (28, 18), (10, 6, 740, 72)


def card_titled(card: Path, title: str | None) -> Image.Image:
    """A SPECIMEN card with its title ("INDIA ID CARD (SPECIMEN)") replaced, or wiped (None)."""
    image = Image.open(card).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle(CARD_TITLE_BOX, fill=CARD_BAND)
    if title is not None:
        bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 34)
        draw.text(CARD_TITLE_AT, title, font=bold, fill=(255, 255, 255))
    return image
