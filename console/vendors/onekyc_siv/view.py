"""How a person sees the OneKYC walk: the partner token's times, the round trip as a timeline,
the verdict with each check, the KTP's fields as a table, the photos, and the webhook inbox.

Every vendor value goes through `plain()` (headings, captions and metric values are Markdown)."""

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

from console.core import presenter
from console.core.images import picture
from console.core.text import plain

# Each check's meaning when it passes, and when it fails.
CHECKS = {
    "nik": (
        "NIK",
        "the card's NIK is in the population registry",
        "the card's NIK is not in the population registry (or could not be read)",
    ),
    "name": (
        "Name",
        "the registry's name is the name on the card",
        "the name on the card is not the registry's for this NIK",
    ),
    "dateOfBirth": (
        "Date of birth",
        "the registry's date of birth is the card's",
        "the date of birth on the card is not the registry's for this NIK",
    ),
    "selfie": (
        "Selfie",
        "the selfie is the face on the card",
        "the selfie is not the face on the card (or no face was found)",
    ),
}
KTP_LABELS = {
    "nik": "NIK",
    "name": "Nama (name)",
    "region": "Tempat lahir (place of birth)",
    "dateOfBirth": "Tanggal lahir (date of birth)",
    "gender": "Jenis kelamin (gender)",
    "bloodType": "Gol. darah (blood type)",
    "address": "Alamat (address)",
    "rt": "RT",
    "rw": "RW",
    "town": "Kel/Desa (village)",
    "district": "Kecamatan (district)",
    "city": "Kota (city)",
    "province": "Provinsi (province)",
    "religion": "Agama (religion)",
    "maritalStatus": "Status perkawinan (marital status)",
    "occupation": "Pekerjaan (occupation)",
    "citizenship": "Kewarganegaraan (citizenship)",
    "validUntil": "Berlaku hingga (valid until)",
    "issuanceDate": "Diterbitkan (issued)",
}
CERTIFICATE_LABELS = {
    "eligibleToActivate": "Eligible to activate",
    "onboardingCode": "Onboarding code",
    "shouldSkipActivation": "Skip activation",
}
IMAGE_LABELS = {"KTP": "KTP", "SELFIE": "Selfie", "ADDITIONAL_SELFIE": "Additional selfie"}
PASS, FAIL = ":material/check_circle:", ":material/cancel:"


def clock_time(epoch: float | None) -> str:
    if not epoch:
        return ""
    return datetime.fromtimestamp(epoch, UTC).strftime("%H:%M:%S UTC")


def left(seconds: float) -> str:
    if seconds <= 0:
        return "expired"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs:02d} s"


def token_table(rows: Iterable[Mapping[str, Any]]) -> None:
    """What the walk holds and until when (never a value): label, obtained, expires, left."""
    frame = pd.DataFrame(list(rows))
    if frame.empty:
        st.caption("No token yet: Initiate the flow below and the console fetches one first.")
        return
    st.dataframe(frame, hide_index=True, width="stretch")


def timeline(events: Iterable[tuple[str, float | None, str]], now: float) -> None:
    """The asynchronous round trip, one line per event: (label, when, state) where state is
    done | now | waiting."""
    icons = {
        "done": ":material/check_circle:",
        "now": ":material/pending:",
        "waiting": ":material/radio_button_unchecked:",
        "failed": ":material/error:",
    }
    lines = []
    for label, at, state in events:
        when = f" · {clock_time(at)}" if at else ""
        ago = f" ({int(now - at)} s ago)" if at and state == "done" and now >= at else ""
        lines.append(f"{icons.get(state, icons['waiting'])} {plain(label)}{when}{ago}")
    st.markdown("  \n".join(lines))


def deliveries(attempts: Iterable[Mapping[str, Any]]) -> None:
    """The sandbox's delivery log for this callback: each attempt, refused ones too."""
    lines = []
    for attempt in attempts:
        code = attempt.get("status_code")
        ok = isinstance(code, int) and 200 <= code < 300
        icon = ":material/check_circle:" if ok else ":material/error:"
        what = f"HTTP {code}" if code is not None else str(attempt.get("error") or "failed")
        when = str(attempt.get("at") or "")[11:19]
        retry = str(attempt.get("next_retry_at") or "")[11:19]
        lines.append(
            f"{icon} "
            + plain(
                f"Delivery {attempt.get('attempt')}: {what}"
                + (f" · {when} UTC" if when else "")
                + (f" · retried at {retry} UTC" if retry else "")
            )
        )
    if lines:
        st.caption("The sandbox's delivery attempts  \n" + "  \n".join(lines))


def verdict(payload: Mapping[str, Any]) -> None:
    """VALID / INVALID as a badge, then each check as PASS or FAIL with what it means."""
    result = str(payload.get("result") or "")
    status = str(payload.get("status") or "")
    if result == "VALID":
        st.badge("VALID", icon=":material/verified_user:", color="green")
    elif result == "INVALID":
        st.badge("INVALID", icon=":material/gpp_bad:", color="red")
    else:
        st.badge(plain(status or "no result yet"), icon=":material/help:", color="gray")
    details = payload.get("submissionDetails") or {}
    checks = details.get("verificationResult") or {} if isinstance(details, Mapping) else {}
    if not isinstance(checks, Mapping) or not checks:
        return
    lines = []
    for key, value in checks.items():
        label, passed, failed = CHECKS.get(key, (key, "", ""))
        ok = value == "PASS"
        meaning = passed if ok else failed
        lines.append(
            f"{PASS if ok else FAIL} **{plain(label)}**: {plain(str(value))}"
            + (f" · {plain(meaning)}" if meaning else "")
        )
    st.markdown("  \n".join(lines))
    if _unread(details):
        st.caption("The card could not be read: no NIK came out of the photo.")


def ktp_table(payload: Mapping[str, Any]) -> None:
    data = _section(payload, "ktpData")
    if not data:
        return
    rows = [
        {"Field": KTP_LABELS.get(key, key), "Read from the card": str(value) or "—"}
        for key, value in data.items()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=35 * len(rows) + 40)


def certificate(payload: Mapping[str, Any]) -> None:
    block = _section(payload, "certificateRegistration")
    if not block:
        return
    lines = []
    for key, value in block.items():
        shown = "yes" if value is True else "no" if value is False else str(value)
        lines.append(f"{plain(CERTIFICATE_LABELS.get(key, key))}: **{plain(shown)}**")
    st.markdown("  \n".join(lines))


def images(pictures: Mapping[str, bytes | str]) -> None:
    """The submission's photos: bytes, or a sentence saying why one is missing."""
    if not pictures:
        return
    cols = st.columns(len(pictures))
    for col, (kind, shown) in zip(cols, pictures.items(), strict=True):
        label = IMAGE_LABELS.get(kind, kind)
        image = picture(shown) if isinstance(shown, bytes) else None
        if image is not None:
            col.image(image, caption=label, width="stretch")
        else:
            why = shown if isinstance(shown, str) else "the vendor's file is not a picture"
            col.caption(plain(f"{label}: {why}"))


def inbox(rows: list[dict], journey_id: str | None) -> None:
    """Every callback that reached the receiver for this vendor: when, for which walk, its
    auth header right or not, duplicates marked; the headers (redacted) and body on demand."""
    if not rows:
        st.caption("No callback has reached the console's receiver yet.")
        return
    table = []
    for row in rows:
        detail = row.get("request") if isinstance(row.get("request"), dict) else {}
        auth = detail.get("auth") or ("wrong" if row.get("outcome") == "rejected" else "")
        table.append(
            {
                "Received": _when(row.get("at")),
                "Walk": "this one" if row.get("journey_id") == journey_id else row["journey_id"],
                "Auth header": {"right": "right", "wrong": "wrong", "missing": "missing"}.get(
                    auth, auth or "—"
                ),
                "Duplicate": "yes" if detail.get("duplicate") else "",
                "Stored": "no (refused)"
                if row.get("outcome") == "rejected"
                else "no (already stored)"
                if detail.get("duplicate")
                else "yes",
                "Submission": str(detail.get("key") or ""),
                "Problem": row.get("error") or "",
            }
        )
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    if not presenter.show_qa():
        return
    for index, row in enumerate(rows[:20]):
        detail = row.get("request") if isinstance(row.get("request"), dict) else {}
        title = f"{_when(row.get('at'))} · {row.get('step', '')}"
        with st.expander(title, icon=":material/mark_email_unread:", expanded=False):
            st.caption("Headers (secrets redacted)")
            st.json(detail.get("headers") or {}, expanded=False)
            if "body" in detail:
                st.caption("Body (personal data masked unless KYC_MASK_PII is off)")
                st.json(detail.get("body"), expanded=index == 0)


def _section(payload: Mapping[str, Any], key: str) -> dict:
    details = payload.get("submissionDetails")
    block = details.get(key) if isinstance(details, Mapping) else None
    return dict(block) if isinstance(block, Mapping) else {}


def _unread(details: Mapping[str, Any]) -> bool:
    data = details.get("ktpData")
    return isinstance(data, Mapping) and not str(data.get("nik") or "")


def _when(at: Any) -> str:
    if isinstance(at, datetime):
        return at.astimezone(UTC).strftime("%H:%M:%S UTC")
    return str(at or "")
