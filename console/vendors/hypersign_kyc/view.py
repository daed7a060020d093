"""How a person sees each Hypersign step's outcome: what was obtained and until when, the
fields read beside the document, both faces, the credentials and the signed presentation.

Every vendor value goes through `plain()` (headings, captions and metric values are Markdown)."""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import streamlit as st
from PIL import Image

from console.core import presenter
from console.core.images import picture
from console.core.text import plain
from console.vendors.hypersign_kyc.flow import HypersignJourney
from console.vendors.hypersign_kyc.mrz_check import MrzReading, read_mrz
from kyc_adapters.hypersign_kyc import (
    CredentialSummary,
    Extraction,
    FaceMatch,
    PresentationSummary,
    ProofSummary,
    TokenStatus,
)

FIELD_LABELS = {
    "fullName": "Full name",
    "firstName": "Given names",
    "lastName": "Surname",
    "documentNumber": "Document number",
    "dateOfBirth": "Date of birth",
    "dateOfExpiry": "Date of expiry",
    "gender": "Gender",
    "nationality": "Nationality",
    "issuingCountry": "Issuing country",
    "address": "Address",
}
FACE_WIDTH = 200
SANDBOX_SESSION_SECONDS = 1800
SERVICES = {"kyc": "KYC admin token", "ssi": "SSI admin token"}


def clock_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%H:%M:%S UTC")


def left(seconds: float) -> str:
    if seconds <= 0:
        return "expired"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"


def obtained_table(
    journey: HypersignJourney, tokens: Iterable[TokenStatus], now: float, sandbox: bool
) -> None:
    """What the walk holds and until when, on the one clock; never a token's value."""
    rows = [
        {
            "What": SERVICES.get(t.service, t.service),
            "Obtained": clock_time(t.obtained_at),
            "Expires": clock_time(t.expires_at),
            "Left": left(t.seconds_left(now)),
            "Refreshed": f"{t.refreshed} time{'s' if t.refreshed != 1 else ''}",
        }
        for t in tokens
    ]
    # The vendor states no session lifetime; the sandbox's is its own choice (30 min).
    ends = journey.session_started_at + SANDBOX_SESSION_SECONDS if sandbox else None
    rows.append(
        {
            "What": "Verification session" + (" (the sandbox's lifetime)" if sandbox else ""),
            "Obtained": clock_time(journey.session_started_at),
            "Expires": clock_time(ends) if ends else "not stated by the vendor",
            "Left": left(ends - now) if ends else "",
            "Refreshed": "",
        }
    )
    if (user := journey.user_session) is not None:
        rows.append(
            {
                "What": "User access token (DID-signed JWT exchanged)",
                "Obtained": clock_time(user.obtained_at),
                "Expires": clock_time(user.expires_at) if user.expires_at else "not stated",
                "Left": left(user.expires_at - now) if user.expires_at else "",
                "Refreshed": f"renewed {journey.user_token_renewals} time"
                + ("s" if journey.user_token_renewals != 1 else ""),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def identities(journey: HypersignJourney) -> None:
    cols = st.columns(2)
    cols[0].markdown(
        f"**User's DID** (holder)  \n{plain(journey.holder_did)}  \n"
        f":small[signs with {plain(journey.holder_method)}]"
    )
    cols[1].markdown(
        f"**Issuer DID** (your app)  \n{plain(journey.issuer_did)}  \n"
        f":small[signs with {plain(journey.issuer_method)}]"
    )
    st.caption(
        plain(f"Session {journey.session_id} · the session id is the presentation's challenge")
    )


def extraction(
    images: list[tuple[str, bytes]], result: Extraction, today: date, user_name: str
) -> MrzReading | None:
    """The document beside the fields read off it; for a passport, the MRZ and its digits."""
    picture_col, fields_col = st.columns([2, 3])
    with picture_col:
        for caption, data in images:
            st.image(data, caption=caption, width="stretch")
    read = result.extractedData
    rows = [
        {"Field": label, "Read": str(value)}
        for key, label in FIELD_LABELS.items()
        if (value := getattr(read, key, None))
    ]
    with fields_col:
        if rows:  # a static table wraps a long address; a data grid would cut it
            st.table(pd.DataFrame(rows).set_index("Field"))
        else:
            st.caption("The vendor returned an extraction token but no fields.")
        name_check(user_name, read)
        # Not in the document: the sandbox's warnings (a country picked that the card denies).
        for warning in (result.model_extra or {}).get("warnings") or []:
            st.warning(plain(f"The vendor warns: {warning}"), icon=":material/warning:")
        extra = result.undocumented_fields() if hasattr(result, "undocumented_fields") else []
        extra = [key for key in extra if key != "warnings"]
        if extra:
            st.caption(plain("Also returned: " + ", ".join(extra)))
        if read.mrz and (read.mrz.line1 or read.mrz.line2):
            return mrz_block(read.mrz.line1, read.mrz.line2, read, today)
    return None


def mrz_block(line1: str, line2: str, read: Any, today: date) -> MrzReading:
    reading = read_mrz(line1, line2, today)
    st.markdown("**Machine-readable zone**, checked by the console (ICAO 9303)")
    st.code(f"{line1}\n{line2}", language=None)
    if not reading.readable:
        st.warning(
            "The zone was not read as two lines of 44 characters A-Z, 0-9 and <: its check "
            "digits cannot be verified.",
            icon=":material/warning:",
        )
        return reading
    rows = [
        {
            "Check digit for": check.covers,
            "Value": check.value,
            "Digit": check.digit,
            "Valid": "yes" if check.ok else "NO",
        }
        for check in reading.checks
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    agree = _agreement(reading, read)
    if reading.all_valid:
        st.badge("All check digits valid", icon=":material/verified:", color="green")
    else:
        st.badge("A check digit does not match", icon=":material/error:", color="red")
    if agree:
        st.caption(plain("The zone and the printed fields differ on: " + ", ".join(agree)))
    return reading


def _agreement(reading: MrzReading, read: Any) -> list[str]:
    """Fields where the MRZ says something else than what the vendor read off the page."""
    fields = reading.fields or {}
    pairs = {
        "document number": (fields.get("document_number"), read.documentNumber),
        "date of birth": (fields.get("date_of_birth"), read.dateOfBirth),
        "date of expiry": (fields.get("date_of_expiry"), read.dateOfExpiry),
        "surname": (fields.get("surname"), read.lastName),
        "given names": (fields.get("given_names"), read.firstName),
    }
    return [
        name
        for name, (zone, printed) in pairs.items()
        if zone and printed and _letters(zone) != _letters(printed)
    ]


def _letters(text: str) -> str:
    return "".join(c for c in str(text).upper() if c.isalnum())


def name_check(typed: str, read: Any) -> None:
    """An amber line when the name read off the document is not the user's typed in step 1."""
    found = read.fullName or " ".join(filter(None, (read.firstName, read.lastName)))
    if found and _letters(found) != _letters(typed):
        st.warning(
            plain(f"The name read, {found}, is not the user's name typed in step 1, {typed}."),
            icon=":material/person_alert:",
        )


def face(data: bytes, box: list[float] | None) -> Image.Image | bytes:
    """The face cut out of the picture (a margin around the vendor's box), else the picture."""
    image = picture(data)
    if image is None or not box or len(box) != 4:
        return data
    left_, top, right, bottom = box
    if not (0 <= left_ < right <= image.width and 0 <= top < bottom <= image.height):
        return data  # not a box in this picture: show it whole
    margin = 0.35 * max(right - left_, bottom - top)
    crop = image.convert("RGB").crop(
        (
            max(0, left_ - margin),
            max(0, top - margin),
            min(image.width, right + margin),
            min(image.height, bottom + margin),
        )
    )
    return crop


def face_match(
    document_front: bytes, selfie: bytes, match: FaceMatch | None, *, refused: bool = False
) -> None:
    """Both faces side by side with the comparison; `refused`: the vendor refused the selfie
    (the pictures sent, the reason is in the notice above)."""
    cols = st.columns([1, 1, 2])
    cols[0].image(
        face(document_front, match.documentFace if match else None),
        caption="On the document",
        width=presenter.image_width(FACE_WIDTH),
    )
    cols[1].image(
        face(selfie, match.selfieFace if match else None),
        caption="Selfie",
        width=presenter.image_width(FACE_WIDTH),
    )
    with cols[2]:
        if match is None:
            st.caption(
                "The pictures sent: the vendor's reason is above."
                if refused
                else "The vendor sent credentials without a face comparison."
            )
            return
        if match.match:
            st.badge("Same person", icon=":material/check_circle:", color="green")
        else:
            st.badge("Different people", icon=":material/cancel:", color="red")
        if match.distance is not None and match.threshold is not None:
            st.metric(
                "Face distance",
                f"{match.distance:.2f}",
                help="0 is the same picture; lower is closer.",
            )
            st.caption(plain(f"The same person under {match.threshold:.2f}."))


def credential_card(summary: CredentialSummary) -> None:
    kind = " · ".join(summary.types) or "Credential"
    with st.container(border=True):
        head, badge = st.columns([3, 1])
        head.markdown(f"**{plain(_words(kind))}**")
        with badge:
            _verified_badge(summary.verified)
        _problem(summary.verified, summary.problem)
        st.markdown(
            plain(f"Issuer {summary.issuer or '—'}")
            + "  \n"
            + plain(f"Subject {summary.subject_id or '—'}")
            + "  \n"
            + plain(f"Issued {summary.issued or '—'} · expires {summary.expires or '—'}")
        )
        rows = [{"Claim": _words(k), "Value": _value(v)} for k, v in summary.claims.items()]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        _proof(summary.proof)


def presentation_card(summary: PresentationSummary) -> None:
    with st.container(border=True):
        head, badge = st.columns([3, 1])
        head.markdown(
            f"**Verifiable presentation** of {len(summary.credentials)} credential"
            + ("s" if len(summary.credentials) != 1 else "")
        )
        with badge:
            _verified_badge(summary.verdict)
        _problem(summary.verified, summary.problem)
        st.markdown(plain(f"Holder {summary.holder or '—'}"))
        _proof(summary.proof)


def _proof(proof: ProofSummary | None) -> None:
    if proof is None:
        st.caption("No proof.")
        return
    parts = [
        proof.type or "",
        proof.cryptosuite or "",
        f"purpose {proof.purpose}" if proof.purpose else "",
        f"created {proof.created}" if proof.created else "",
    ]
    st.caption(plain("Proof: " + " · ".join(p for p in parts if p)))
    st.caption(plain(f"Signed with {proof.verification_method or '—'}"))
    if proof.challenge or proof.domain:
        st.caption(plain(f"Challenge {proof.challenge or '—'} · domain {proof.domain or '—'}"))


def _verified_badge(ok: bool | None) -> None:
    if ok:
        st.badge("Signature verified", icon=":material/verified:", color="green")
    elif ok is None:
        st.badge("Proof type not checked here", icon=":material/help:", color="gray")
    else:
        st.badge("Not verified", icon=":material/gpp_bad:", color="red")


def _problem(verified: bool | None, problem: str | None) -> None:
    if not problem:
        return
    if verified is None:
        st.caption(plain(f"Not checked by the console: {problem}"))
    else:
        st.error(plain(f"Does not verify: {problem}"), icon=":material/gpp_bad:")


def _words(camel: str) -> str:
    """`dateOfBirth` as "Date of birth", `GovernmentIdCredential` as "Government ID credential"."""
    out = "".join(f" {c.lower()}" if c.isupper() and i else c for i, c in enumerate(camel))
    out = " ".join("ID" if word == "id" else word for word in out.split(" "))
    return out[:1].upper() + out[1:]


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
