"""Hypersign KYC + SSI: tokens and session, the document and the selfie on the camera, the
credentials, and the user's consent as a signed presentation."""

from datetime import UTC, datetime
from functools import partial
from urllib.parse import urlsplit

import streamlit as st

from console.core import (
    camera,
    inspector,
    notices,
    presenter,
    replay,
    sandbox_control,
    sandbox_panel,
)
from console.core.page import mode_badge, setup
from console.core.text import plain
from console.vendors.hypersign_kyc import flow, samples, view
from console.vendors.hypersign_kyc.flow import Document, HypersignJourney, Stage, UserDetails
from console.vendors.hypersign_kyc.spec import SPEC
from kyc_adapters.hypersign_kyc import read_credential, read_presentation

JOURNEY = "hs.journey"
FAILED = "hs.failed_start"  # the last walk that obtained nothing: its reason, under the form
DOCUMENT_TYPES = {"PASSPORT": "Passport", "GOVT_ID": "Government ID"}
# One photo slot per document side and type: a passport page never becomes an ID's front.
PHOTO_KEYS = ("hs.PASSPORT.front", "hs.GOVT_ID.front", "hs.GOVT_ID.back", "hs.selfie")

rt = setup()
if (held := st.session_state.get(JOURNEY)) is not None and held.mode != rt.mode(SPEC):
    flow.abandon(rt, held)
    st.session_state.pop(JOURNEY)


def start_over() -> None:
    if (held := st.session_state.pop(JOURNEY, None)) is not None:
        flow.abandon(rt, held)
    for key in PHOTO_KEYS:
        camera.retake(key)
    st.session_state.pop("hs.sampled", None)  # the sample user's details are filled in again
    st.session_state.pop(FAILED, None)


st.title(SPEC.flow)
st.caption(
    "Hypersign · a passport or ID card and a selfie, read and matched; credentials signed by "
    "your issuer DID; the user's consent as a presentation signed by the user's DID"
)
mode_badge(rt, SPEC)
if rt.mode(SPEC) == "sandbox":
    sandbox_control.warm_up(rt.services.sandbox_url, SPEC.id)
    sandbox_panel.render(
        rt.services.sandbox_url,
        SPEC.id,
        on_reset=start_over,
        timeout_seconds=rt.settings.vendor(SPEC.id).timeout_seconds,
    )
way = camera.source(rt.settings.camera)
journey: HypersignJourney | None = st.session_state.get(JOURNEY)


def origin() -> str:
    """This console's origin, scheme included: the presentation's `domain`."""
    url = st.context.url or ""
    parts = urlsplit(url)
    return (
        f"{parts.scheme}://{parts.netloc}"
        if parts.scheme and parts.netloc
        else "http://localhost:8501"
    )


def photo_step(key: str, label: str, guide: camera.Guide, names: tuple[str, ...]) -> bytes | None:
    """A photo for `key`, from the camera chosen in Settings or a SPECIMEN; a retake forgets
    what the old photo produced."""
    step = "selfie" if key == "hs.selfie" else "document"
    held: HypersignJourney | None = st.session_state.get(JOURNEY)
    return camera.photo_step(
        key,
        label,
        guide,
        way,
        # Presenter mode: the first SPECIMEN only, the one that passes.
        {
            samples.PICTURES[n][0]: partial(samples.picture, n)
            for n in names[: presenter.sample_count()]
        },
        on_retake=lambda: held and flow.forget_from(held, step),
        on_refused=lambda why: held and flow.refuse_photo(rt, held, f"{step}-photo", why),
    )


# --- 1 · the user ---------------------------------------------------------------------------
with st.container(border=True):
    st.markdown("#### 1 · The user")
    if journey is None:
        label = "KYC + SSI walk"
        if rt.mode(SPEC) == "sandbox":
            chosen = st.selectbox(
                "Sample user (sandbox: the e-mail picks the outcome)",
                list(samples.USERS)[: presenter.sample_count()],  # the first passes every step
                key="hs.sample",
            )
            if st.session_state.get("hs.sampled") != chosen:
                st.session_state["hs.sampled"] = chosen
                st.session_state["hs.name"], st.session_state["hs.email"] = samples.USERS[chosen]
            label = f"KYC + SSI · {chosen}"
        else:
            st.session_state.setdefault("hs.name", "")
            st.session_state.setdefault("hs.email", "")
        cols = st.columns(2)
        cols[0].text_input("Name", key="hs.name")
        cols[1].text_input("E-mail (mandatory for the vendor)", key="hs.email")
        if st.button(
            "Get tokens and session", key="hs.start", type="primary", icon=":material/key:"
        ):
            user = UserDetails(st.session_state["hs.name"], st.session_state["hs.email"])
            with st.spinner("Admin tokens, session, the user's DID, the DID-signed JWT…"):
                begun = flow.start(rt, user, label)
            # A walk that got nothing keeps the form here, with why, to fix and press again.
            st.session_state[JOURNEY if begun.stage is not Stage.DETAILS else FAILED] = begun
            st.rerun()
        if (failed := st.session_state.get(FAILED)) is not None:
            notices.show(failed.notices.get("tokens"))
            inspector.exchanges_expander(
                rt.store, failed.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
            )
    else:
        st.markdown(plain(f"{journey.user.name} · {journey.user.email}"))
        if st.button("Start over", key="hs.restart", icon=":material/restart_alt:"):
            start_over()
            st.rerun()

if journey is None:
    st.stop()

# --- 2 · tokens and session -----------------------------------------------------------------
with st.container(border=True):
    st.markdown("#### 2 · Tokens and session")
    notices.show(journey.notices.get("tokens"))

    @st.fragment(run_every=1)
    def obtained() -> None:
        view.obtained_table(journey, flow.admin_tokens(rt), rt.now(SPEC), journey.mode == "sandbox")

    obtained()
    view.identities(journey)
    st.caption(
        "Token values never leave the console's server: not in this page, the history or the "
        "exports. Admin tokens are cached until they expire, then fetched again by themselves."
    )
    if st.button("Renew the user token", key="hs.renew", icon=":material/autorenew:"):
        flow.renew_user_token(rt, journey)
        st.rerun()

# --- 3 · the document -----------------------------------------------------------------------
with st.container(border=True):
    st.markdown("#### 3 · The document")
    kind = st.segmented_control(
        "Document type",
        list(DOCUMENT_TYPES),
        format_func=DOCUMENT_TYPES.get,
        default="PASSPORT",
        key="hs.doctype",
    )
    kind = kind or "PASSPORT"
    if journey.document is not None and journey.document.type != kind:
        flow.forget_from(journey, "document")  # another type: the last one's reading goes
    country = None
    if kind == "GOVT_ID":
        names = list(samples.countries())
        picked = st.selectbox(
            "Issuing country", names, index=names.index("India"), key="hs.country"
        )
        country = samples.countries()[picked]
        if presenter.show_qa():
            st.caption(plain(f"Sent as {country} (ISO 3166 alpha-3)"))
        cols = st.columns(2)
        with cols[0]:
            front = photo_step(
                "hs.GOVT_ID.front", "ID front", camera.ID_CARD, ("id-front", "blank")
            )
        with cols[1]:
            back = photo_step("hs.GOVT_ID.back", "ID back", camera.ID_CARD, ("id-back",))
    else:
        st.caption("A passport needs its information page only.")
        front = photo_step(
            "hs.PASSPORT.front",
            "Passport information page",
            camera.PASSPORT_PAGE,
            ("passport", "blank"),
        )
        back = None
    ready = front is not None and (kind == "PASSPORT" or back is not None)
    if st.button(
        "Read the document",
        key="hs.read",
        type="primary",
        icon=":material/document_scanner:",
        disabled=not ready or journey.finished,
        help="This walk is complete"
        if journey.finished
        else None
        if ready
        else "Take the document's photo first",
    ):
        with st.spinner("The vendor reads the document…"):
            flow.read_document(rt, journey, Document(kind, front or b"", back, country))
        st.rerun()
    notices.show(journey.notices.get("document"))
    if journey.extraction is not None and journey.document is not None:
        images = [("Front" if journey.document.back else "Sent", journey.document.front)]
        if journey.document.back:
            images.append(("Back", journey.document.back))
        today = datetime.fromtimestamp(rt.now(SPEC), UTC).date()
        view.extraction(images, journey.extraction, today, journey.user.name)

# --- 4 · the selfie -------------------------------------------------------------------------
if journey.extraction is not None:
    with st.container(border=True):
        st.markdown("#### 4 · The selfie and the face match")
        selfie = photo_step("hs.selfie", "Selfie", camera.FACE, ("selfie", "stranger", "blank"))
        if st.button(
            "Match the faces",
            key="hs.match",
            type="primary",
            icon=":material/face:",
            disabled=selfie is None or journey.finished,
            help="This walk is complete"
            if journey.finished
            else None
            if selfie
            else "Take the selfie first",
        ):
            with st.spinner("The vendor compares the faces…"):
                flow.match_faces(rt, journey, selfie or b"")
            st.rerun()
        notices.show(journey.notices.get("selfie"))
        refused = journey.notices.get("selfie") is not None and journey.biometrics is None
        if refused and journey.document and journey.selfie:
            view.face_match(journey.document.front, journey.selfie, None, refused=True)
        if journey.biometrics is not None and journey.document and journey.selfie:
            view.face_match(journey.document.front, journey.selfie, journey.biometrics.faceMatch)

# --- 5 · the credentials --------------------------------------------------------------------
if journey.biometrics is not None:
    now = datetime.fromtimestamp(rt.now(SPEC), UTC)
    with st.container(border=True):
        st.markdown("#### 5 · The credentials received")
        st.caption(
            "W3C verifiable credentials issued by your issuer DID to the user's DID; each "
            "signature checked here, by the console, with the key its DID names."
        )
        for credential in journey.biometrics.credentials:
            view.credential_card(
                read_credential(
                    credential, issuer=journey.issuer_did, subject=journey.holder_did, now=now
                )
            )

    # --- 6 · consent ------------------------------------------------------------------------
    with st.container(border=True):
        st.markdown("#### 6 · Consent")
        domain = origin()
        st.caption(
            plain(
                f"The user presents the credentials: a presentation signed by the user's DID, "
                f"challenge = the session id, domain = {domain}."
            )
        )
        if not journey.finished and st.button(
            "Sign and submit consent", key="hs.consent", type="primary", icon=":material/draw:"
        ):
            with st.spinner("Building, signing and submitting the presentation…"):
                flow.give_consent(rt, journey, domain)
            st.rerun()
        notices.show(journey.notices.get("consent"))
        if journey.presentation is not None:
            view.presentation_card(
                read_presentation(
                    journey.presentation,
                    challenge=journey.session_id,
                    domain=domain,
                    holder=journey.holder_did,
                    issuer=journey.issuer_did,
                    now=now,
                )
            )
        if journey.finished:
            st.success(
                "**Verification complete.** The vendor accepted the user's signed consent"
                + plain(
                    f" (status {journey.consent.status})"
                    if journey.consent and journey.consent.status
                    else ""
                )
                + ".",
                icon=":material/task_alt:",
            )

inspector.exchanges_expander(
    rt.store, journey.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
)
