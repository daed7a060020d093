"""The KYC service's rules: the DID-JWT exchanged for a user token, the document read, the
selfie matched (credentials issued), the presentation verified as consent.

Reading and face matching block for up to seconds: they run in the thread pool.
"""

import secrets

import pycountry
from starlette.concurrency import run_in_threadpool

from sandbox.core import vision
from sandbox.hypersign_kyc import bodies, crypto, intake, reading, seed
from sandbox.hypersign_kyc import errors as err
from sandbox.hypersign_kyc.backend import Backend, Extraction, User, UserToken
from ssi import did as dids

DOCUMENT_TYPES = ("PASSPORT", "GOVT_ID")
CREDENTIAL_TYPES = {"PASSPORT": "PassportCredential", "GOVT_ID": "GovernmentIdCredential"}
# Not documented by the vendor: how long a credential is valid. Chosen: a year.
CREDENTIAL_SECONDS = 365 * 24 * 3600
NO_FACE_ON_SELFIE = "no face was found on the selfie"
FACES_DIFFER = "the selfie's face does not match the document's"
NO_FACE_ON_DOCUMENT = "no face was found on the document"
PHOTO_OF_DOCUMENT = "the selfie looks like a photo of the document, not a live face"
# Not documented by the vendor, chosen: a presentation attack (the document shown to the camera
# as the selfie) is a selfie whose face is closer than this to the document's (the same picture:
# 0.00 on the same frame, 0.06-0.09 from an upload of it) or whose text holds at least
# DOCUMENT_VALUES_SHOWN of the document's read values (a photo of it from another distance:
# 0.15-0.28). The person's own selfie is 0.25-0.36 from her documents' faces.
PHOTO_DISTANCE = 0.15
DOCUMENT_VALUES_SHOWN = 2
NOTHING_READ = "nothing could be read on the document"
UNREADABLE = f"{NOTHING_READ} (no name, number or machine-readable zone)"


def _refused(status: int, code: str, message: str) -> err.HypersignError:
    return err.kyc(status, code, message)


def exchange(backend: Backend, did_jwt: str | None, body: bodies.Exchange) -> dict:
    if not did_jwt:
        message = "Authorization: Bearer <DID-JWT> is missing"
        raise _refused(401, err.INVALID_ACCESS_TOKEN, message)
    now = backend.now()
    try:
        claims = crypto.verify_jwt(did_jwt, now=now, ours=backend.holds)
    except crypto.JwtRefused as error:
        code = err.ACCESS_TOKEN_EXPIRED if error.expired else err.INVALID_ACCESS_TOKEN
        raise _refused(401, code, str(error)) from None
    if body.provider != "client_auth":
        raise err.kyc_bad_request('provider must be "client_auth"')
    session = backend.session(body.sessionId)
    email = claims.get("email")
    # The notes name the claim `did`; the document's own sample sends `userDid`: either.
    did = claims.get("did") or claims.get("userDid")
    if not isinstance(email, str) or "@" not in email:
        raise err.kyc_bad_request("the DID-JWT's claims need the user's email")
    if not isinstance(did, str) or not backend.holds(did):
        raise err.kyc_bad_request("the DID-JWT's claims need the user's DID (did or userDid)")
    if session.user is not None and session.user.did != did:
        message = "the session belongs to another user DID"
        raise _refused(401, err.INVALID_ACCESS_TOKEN, message)
    token = backend.bind(session, User(did, email, claims), claims["exp"])
    return {"kycServiceUserAccessToken": token, "expiresIn": int(claims["exp"] - now)}


async def extract(backend: Backend, user: UserToken, body: bodies.Extract) -> dict:
    session = backend.user_session(user, body.sessionId)
    kind = body.documentType
    if kind not in DOCUMENT_TYPES:
        raise err.kyc_bad_request('documentType must be "PASSPORT" or "GOVT_ID"')
    front = intake.image(body.documentFront, "documentFront")
    back, country = None, _country(body.countryCode) if body.countryCode is not None else None
    if kind == "GOVT_ID":
        if body.documentBack is None:
            raise err.kyc_bad_request("documentBack is required for GOVT_ID")
        if country is None:
            raise err.kyc_bad_request("countryCode is required for GOVT_ID")
        back = intake.image(body.documentBack, "documentBack")
    if seed.magic(user.user.email) == seed.MAGIC_UNREADABLE:
        message = NOTHING_READ + seed.forced(seed.MAGIC_UNREADABLE)
        raise _refused(422, err.DOCUMENT_VERIFICATION_FAILED, message)
    year = int(crypto.iso(backend.now())[:4])
    read = await run_in_threadpool(_read, front, back, year)
    if not read.readable:
        raise _refused(422, err.DOCUMENT_VERIFICATION_FAILED, UNREADABLE)
    data = dict(read.data)
    # Not documented by the vendor, chosen: the request's countryCode is not taken over what the
    # document says. The issuing country is the one the document shows (the countryCode when it
    # shows none); when the two disagree the reading goes on and a `warnings` list says so, for
    # the client to show (the key only when there is a warning: an answer as documented else).
    warnings = []
    if read.country is not None:
        data["issuingCountry"] = read.country
        if country is not None and country != read.country:
            warnings.append(
                f"countryCode {country} differs from the country on the document, {read.country}"
            )
    elif country is not None and kind == "GOVT_ID":
        data["issuingCountry"] = country
    if read.mrz is not None:
        data["mrz"] = read.mrz
    country = country or read.country
    token = secrets.token_urlsafe(24)
    backend.extractions.put(token, Extraction(token, session.id, kind, country, data, read.face))
    answer = {
        "extractionToken": token,
        "documentType": kind,
        "countryCode": country,
        "extractedData": data,
        "faceDetected": read.face is not None,
    }
    return {**answer, "warnings": warnings} if warnings else answer


def _country(code: str) -> str:
    found = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    if found is None:
        raise err.kyc_bad_request("countryCode must be an ISO 3166-1 alpha-3 code, e.g. IND")
    return found.alpha_3


def _read(front: bytes, back: bytes | None, year: int) -> reading.Reading:
    for name, data in (("documentFront", front), ("documentBack", back)):
        if data is not None:
            _decoded(data, name)
    if back is None:
        return reading.read_passport(front, year)
    return reading.read_govt_id(front, back)


def _decoded(data: bytes, name: str) -> reading.Page:
    try:
        return reading.page(data)
    except reading.UnreadableImage:
        raise err.kyc_bad_request(f"{name} is not a JPEG or PNG image") from None


def _selfie_face(data: bytes) -> vision.FaceEmbedding | None:
    try:
        return reading.face(data)
    except reading.UnreadableImage:
        raise err.kyc_bad_request("selfieImage is not a JPEG or PNG image") from None


def _document_values_on(selfie: bytes, data: dict) -> list[str]:
    return reading.document_values_on(reading.text(selfie), data)


async def biometrics(
    backend: Backend, user: UserToken, issuer: tuple[str, str], body: bodies.Biometrics
) -> dict:
    session = backend.user_session(user, body.sessionId)
    issuer_did, issuer_method = issuer
    # Only the app's issuer signs credentials: a DID the app created for a user (the sandbox
    # holds its key too) would let the user issue her own.
    key = backend.key(issuer_did) if issuer_did == seed.ISSUER_DID else None
    if key is None:
        raise err.kyc_bad_request("x-issuer-did is not this app's issuer DID")
    if issuer_method != dids.verification_method_id(issuer_did):
        message = "x-issuer-did-ver-method is not a verification method of x-issuer-did"
        raise err.kyc_bad_request(message)
    extraction = backend.extractions.get(body.documentToken)
    if extraction is None or extraction.session_id != session.id:
        raise err.kyc_bad_request("documentToken is not an extraction of this session")
    if user.user.did != body.holderDid:
        raise err.kyc_bad_request("holderDid is not this session's user DID")
    selfie = intake.image(body.selfieImage, "selfieImage")
    magic = seed.magic(user.user.email)
    if magic == seed.MAGIC_NO_FACE:
        message = NO_FACE_ON_SELFIE + seed.forced(magic)
        raise _refused(422, err.LIVELINESS_VERIFICATION_FAILED, message)
    if magic == seed.MAGIC_MISMATCH:
        raise _refused(422, err.LIVELINESS_VERIFICATION_FAILED, FACES_DIFFER + seed.forced(magic))
    if extraction.face is None:
        raise _refused(422, err.DOCUMENT_VERIFICATION_FAILED, NO_FACE_ON_DOCUMENT)
    face = await run_in_threadpool(_selfie_face, selfie)
    if face is None:
        raise _refused(422, err.LIVELINESS_VERIFICATION_FAILED, NO_FACE_ON_SELFIE)
    distance = vision.face_distance(extraction.face, face)
    if distance < PHOTO_DISTANCE:
        message = (
            f"{PHOTO_OF_DOCUMENT} (distance {distance:.2f}, a live face {PHOTO_DISTANCE} or more)"
        )
        raise _refused(422, err.LIVELINESS_VERIFICATION_FAILED, message)
    if distance >= vision.SAME_PERSON_THRESHOLD:
        message = f"{FACES_DIFFER} (distance {distance:.2f}, same person under 0.6)"
        raise _refused(422, err.LIVELINESS_VERIFICATION_FAILED, message)
    # The face alone did not decide: only now is the selfie read (OCR costs about a second).
    shown = await run_in_threadpool(_document_values_on, selfie, extraction.data)
    if len(shown) >= DOCUMENT_VALUES_SHOWN:
        on_it = ", ".join(shown)
        message = f"{PHOTO_OF_DOCUMENT} (distance {distance:.2f}; the document's {on_it} on it)"
        raise _refused(422, err.LIVELINESS_VERIFICATION_FAILED, message)
    credentials = _credentials(backend, key, issuer_did, body.holderDid, extraction, distance)
    session.issuer = issuer_did
    document_type = CREDENTIAL_TYPES[extraction.document_type]
    session.credentials.update((vc["id"], document_type in vc["type"]) for vc in credentials)
    return {
        "credentials": credentials,
        "faceMatch": {
            "match": True,
            "distance": round(distance, 4),
            "threshold": vision.SAME_PERSON_THRESHOLD,
            "documentFace": list(extraction.face.box),
            "selfieFace": list(face.box),
        },
    }


def _credentials(backend: Backend, key, issuer: str, holder: str, found: Extraction, distance):
    now = backend.now()
    claims = {name: value for name, value in found.data.items() if name != "mrz"}
    document_subject = {"id": holder, "documentType": found.document_type, **claims}
    # JCS signs no floats (ssi.proofs): the distance is a decimal string in the credential.
    face_subject = {"id": holder, "faceMatched": True, "distance": f"{distance:.4f}"}
    subjects = ((CREDENTIAL_TYPES[found.document_type], document_subject),)
    subjects += (("FaceMatchCredential", face_subject),)
    return [
        crypto.credential(
            key,
            issuer=issuer,
            types=[kind],
            subject=subject,
            issued=now,
            expires=now + CREDENTIAL_SECONDS,
        )
        for kind, subject in subjects
    ]


def consent(backend: Backend, user: UserToken, body: bodies.Consents) -> dict:
    session = backend.user_session(user, body.sessionId)
    if session.issuer is None or not session.credentials:
        message = "no credentials were issued in this session (biometrics/verify comes first)"
        raise _refused(400, err.CONSENT_VERIFICATION_FAILED, message)
    try:
        count = crypto.check_presentation(
            body.presentation,
            session_id=session.id,
            holder=user.user.did,
            issuer=session.issuer,
            issued=session.credentials,
            now=backend.now(),
        )
    except crypto.ConsentRefused as error:
        raise _refused(400, err.CONSENT_VERIFICATION_FAILED, str(error)) from None
    session.status = "COMPLETED"
    return {"sessionId": session.id, "status": "COMPLETED", "credentials": count}
