"""The hosted journey's rules, step by step: what each photo must show, what a refusal says, when
a refusal ends the journey. Not documented by the vendor (its checks are not public): chosen,
and told to the user in plain words, as a hosted page would.

- consent: accepted, or declined (the journey ends abandoned, consent_declined).
- document: a JPEG or PNG on which OCR reads at least some text and a face is found; the
  printed name, number and date of birth are kept (no image).
- selfie: a face, the document's person (dlib distance under 0.6), not the document's photo
  itself (a distance under 0.15: the card held up to the camera).
- liveness (Premium): a second capture after a prompt (a head turn, a blink): a face, the
  selfie's person, not the document's photo. The sandbox sees one frame, not the motion.
- screening (Premium): the name read on the document against the watch list.

A capture step refused for what its photo shows may be retaken; the third refusal ends the
journey failed. A sandbox outcome forced on the document step ends it at once, at the step it
names, saying it was forced.

Every reading runs off the event loop; the state is changed on the loop, after the reading, and
only if the journey still stands where it stood (a second tab, a double click, the clock).
"""

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from sandbox.core import vision
from sandbox.messagecentral_ekyc import journey as j
from sandbox.messagecentral_ekyc import reading, screening
from sandbox.messagecentral_ekyc.backend import Backend
from sandbox.messagecentral_ekyc.journey import Journey

FORCED_NOTE = " (forced by the sandbox on the document step)"
FORCED_OUTCOMES = ("document_rejected", "liveness_failed", "aml_hit")
PREMIUM_ONLY = ("liveness_failed", "aml_hit")

NOT_AN_IMAGE = "This file is not a JPEG or PNG photo. Take a photo or upload another file."
NOTHING_READ = (
    "We could not read this document. Hold it flat and closer, in good light, without glare."
)
NO_FACE_ON_DOCUMENT = (
    "We could not find the holder's photo on this document. Show the page or side with the photo."
)
NO_FACE = "We could not find a face. Look straight at the camera, in good light."
FACES_DIFFER = "The selfie does not match the photo on your document."
PHOTO_OF_DOCUMENT = (
    "This looks like the photo on your document, not a live selfie. Take a photo of yourself."
)
LIVENESS_DIFFERS = "The liveness photo is not the person in the selfie."
LIVENESS_DOCUMENT = "The liveness photo shows the document's photo, not a live person."
LIVENESS_NO_FACE = "We could not find a face in the liveness photo."
ENDED = {
    "document": (j.DOCUMENT_REJECTED, "Your document could not be verified."),
    "selfie": (j.SELFIE_REJECTED, "Your selfie could not be used."),
    "liveness": (j.LIVENESS_FAILED, "The liveness check failed."),
}


class Conflict(Exception):
    """The journey no longer stands where the request expected (ended, or at another step)."""


@dataclass(frozen=True)
class Outcome:
    outcome: str  # passed, retake or ended
    message: str
    code: str | None = None  # a retake's reason; an ended journey's is journey.reason
    attempts_left: int | None = None


async def consent(backend: Backend, journey: Journey, choice: str) -> Outcome:
    now = backend.now()
    if choice == "decline":
        message = "You did not agree to the processing of your data."
        backend.finish(journey, j.ABANDONED, j.CONSENT_DECLINED, message, now)
        return Outcome("ended", message)
    journey.captured["consent"] = {"accepted_at": j.iso(now)}
    journey.passed("consent", now)
    return Outcome("passed", "Thank you.")


def cancel(backend: Backend, journey: Journey) -> Outcome:
    message = "You cancelled the verification."
    backend.finish(journey, j.ABANDONED, j.USER_CANCELLED, message, backend.now())
    return Outcome("ended", message)


async def document(
    backend: Backend, journey: Journey, data: bytes, kind: str, forced: str | None
) -> Outcome:
    journey.forced = forced  # the accepted photo's choice holds
    if forced == "document_rejected":
        message = ENDED["document"][1] + FORCED_NOTE
        now = backend.now()
        journey.refused("document", now, message)
        backend.finish(journey, j.FAILED, j.DOCUMENT_REJECTED, message, now)
        return Outcome("ended", message)
    read = await _read(reading.document, data)
    _still_at(backend, journey, "document")
    if read is _UNREADABLE:
        return _retake(backend, journey, "document", "not_an_image", NOT_AN_IMAGE)
    if not read.readable:
        return _retake(backend, journey, "document", "document_unreadable", NOTHING_READ)
    if read.face is None:
        return _retake(backend, journey, "document", "document_no_face", NO_FACE_ON_DOCUMENT)
    _keep_document(journey, read, kind)
    journey.passed("document", backend.now(), "document read")
    return Outcome("passed", "Document read.")


async def selfie(backend: Backend, journey: Journey, data: bytes) -> Outcome:
    await _read_earlier(journey)
    face = await _read(reading.face, data)
    _still_at(backend, journey, "selfie")
    if face is _UNREADABLE:
        return _retake(backend, journey, "selfie", "not_an_image", NOT_AN_IMAGE)
    if face is None:
        return _retake(backend, journey, "selfie", "no_face", NO_FACE)
    document_face = journey.document.face if journey.document else None
    distance = vision.face_distance(face, document_face) if document_face else None
    journey.captured["selfie"] = {"face_distance_to_document": _round(distance)}
    if distance is not None and distance < reading.PHOTO_OF_DOCUMENT:
        return _retake(backend, journey, "selfie", "photo_of_document", PHOTO_OF_DOCUMENT)
    if distance is None or distance >= vision.SAME_PERSON_THRESHOLD:
        return _retake(
            backend, journey, "selfie", "face_mismatch", FACES_DIFFER, final=j.FACE_MISMATCH
        )
    journey.selfie = face
    journey.captured["selfie"]["same_person"] = True
    now = backend.now()
    journey.passed("selfie", now, f"same person as the document ({distance:.2f})")
    if journey.current is None:  # Basic: the selfie was the last step
        backend.finish(journey, j.COMPLETED, j.VERIFIED, "Your identity has been verified.", now)
        return Outcome("ended", "Your identity has been verified.")
    return Outcome("passed", "Selfie matches your document.")


async def liveness(backend: Backend, journey: Journey, data: bytes) -> Outcome:
    if journey.forced == "liveness_failed":
        message = ENDED["liveness"][1] + FORCED_NOTE
        now = backend.now()
        journey.refused("liveness", now, message)
        backend.finish(journey, j.FAILED, j.LIVENESS_FAILED, message, now)
        return Outcome("ended", message)
    await _read_earlier(journey)
    face = await _read(reading.face, data)
    _still_at(backend, journey, "liveness")
    if face is _UNREADABLE:
        return _retake(backend, journey, "liveness", "not_an_image", NOT_AN_IMAGE)
    if face is None:
        return _retake(backend, journey, "liveness", "no_face", LIVENESS_NO_FACE)
    to_selfie = vision.face_distance(face, journey.selfie) if journey.selfie else None
    document_face = journey.document.face if journey.document else None
    to_document = vision.face_distance(face, document_face) if document_face else None
    journey.captured["liveness"] = {
        "prompt": journey.liveness_prompt,
        "face_distance_to_selfie": _round(to_selfie),
        "face_distance_to_document": _round(to_document),
    }
    if to_document is not None and to_document < reading.PHOTO_OF_DOCUMENT:
        return _retake(backend, journey, "liveness", "photo_of_document", LIVENESS_DOCUMENT)
    if to_selfie is None or to_selfie >= vision.SAME_PERSON_THRESHOLD:
        return _retake(backend, journey, "liveness", "not_the_selfie_person", LIVENESS_DIFFERS)
    journey.captured["liveness"]["passed"] = True
    journey.passed("liveness", backend.now(), "live capture of the selfie's person")
    return Outcome("passed", "You are here in person.")


async def screen(backend: Backend, journey: Journey) -> Outcome:
    await _read_earlier(journey)
    _still_at(backend, journey, "screening")
    document = journey.document
    name = document.fields.get("name") if document else None
    born = document.fields.get("date_of_birth") if document else None
    text = document.text if document else vision.OcrText((), 0, 0)
    hits = screening.screen(name, text, born)
    forced = journey.forced == "aml_hit"
    journey.captured["screening"] = {
        "screened_name": name,
        "lists": screening.lists(),
        "hits": hits,
        "forced": forced,
    }
    now = backend.now()
    if hits or forced:
        message = "Your name matched an entry of a watch list; the verification cannot go on."
        journey.refused("screening", now, message)
        backend.finish(journey, j.FAILED, j.AML_HIT, message + (FORCED_NOTE if forced else ""), now)
        return Outcome("ended", journey.message or message)
    journey.passed("screening", now, "no watch-list match")
    backend.finish(journey, j.COMPLETED, j.VERIFIED, "Your identity has been verified.", now)
    return Outcome("ended", "Your identity has been verified.")


def _retake(
    backend: Backend,
    journey: Journey,
    step: str,
    code: str,
    message: str,
    final: str | None = None,
) -> Outcome:
    now = backend.now()
    left = journey.refused(step, now, message)
    if left > 0:
        return Outcome("retake", message, code, left)
    reason, ending = ENDED[step]
    backend.finish(journey, j.FAILED, final or reason, f"{ending} {message}", now)
    return Outcome("ended", journey.message or message)


_UNREADABLE = object()


async def _read(read, data: bytes):
    """read(data) in the thread pool; _UNREADABLE for bytes that are no JPEG or PNG."""
    try:
        return await run_in_threadpool(read, data)
    except vision.UnreadableImage:
        return _UNREADABLE


def _still_at(backend: Backend, journey: Journey, step: str) -> None:
    """After a reading: the journey must still stand at `step` (another tab, a double click or
    the clock may have moved it meanwhile)."""
    backend.settle(journey)
    if journey.current != step:
        raise Conflict(step)


def _keep_document(journey: Journey, read: reading.DocumentReading, kind: str | None) -> None:
    journey.document = read
    journey.captured["document"] = {
        "type": kind,
        **read.fields,
        "face_found": read.face is not None,
        "text_read": len(read.text.normalised),
    }


async def _read_earlier(journey: Journey) -> None:
    """A seeded journey's earlier pictures, read now that a step needs them."""
    for step, path in list(journey.unread.items()):
        data = path.read_bytes()
        if step == "document":
            kind = "passport" if "passport" in path.name else "national_id"
            _keep_document(journey, await run_in_threadpool(reading.document, data), kind)
        elif step == "selfie":
            journey.selfie = await run_in_threadpool(reading.face, data)
        journey.unread.pop(step, None)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
