"""OneKYC Standalone Identity Verification (Indonesia): partner token, Initiate Flow, the KTP
and the selfie, then the result the vendor sends back by callback, or Get Submission Details."""

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
from console.vendors.onekyc_siv import flow, samples, view
from console.vendors.onekyc_siv.flow import LOCALES, SOURCES, Contact, FlowOptions, SivJourney
from console.vendors.onekyc_siv.spec import SPEC

JOURNEY = "siv.journey"
FAILED = "siv.failed_start"  # the last walk Initiate Flow refused: its reason, under the form
PHOTO_KEYS = ("siv.ktp", "siv.selfie")
CONTACTS = {"phoneNumber": "Phone number", "email": "E-mail"}

rt = setup()


def start_over() -> None:
    if (held := st.session_state.pop(JOURNEY, None)) is not None:
        flow.abandon(rt, held)
    for key in PHOTO_KEYS:
        camera.retake(key)
    st.session_state.pop(FAILED, None)


walked = st.session_state.get(JOURNEY) or st.session_state.get(FAILED)
if walked is not None and walked.mode != rt.mode(SPEC):
    # Another mode: nothing of this walk goes on, and no sandbox magic number goes live.
    start_over()
    for key in ("siv.sampled", "siv.phoneNumber", "siv.email"):
        st.session_state.pop(key, None)


st.title(SPEC.flow)
st.caption(
    "OneKYC · Indonesia: an SDK token for a verified phone number or e-mail, the KTP and a "
    "selfie, processed by the vendor in the background; the result comes to the console's "
    "receiver by callback, with Get Submission Details as the fallback"
)
mode_badge(rt, SPEC)
sandbox = rt.mode(SPEC) == "sandbox"
configured = flow.settings(rt)
if sandbox:
    sandbox_control.warm_up(rt.services.sandbox_url, SPEC.id)
    sandbox_panel.render(
        rt.services.sandbox_url,
        SPEC.id,
        on_reset=start_over,
        timeout_seconds=configured.timeout_seconds,
    )
else:
    st.info(
        "Live: OneKYC sends its callback to the URL and header agreed with it. The Settings page "
        "shows both for this console: "
        + plain(flow.callback_url(rt, "live"))
        + " (this machine must be reachable from OneKYC, through a tunnel say).",
        icon=":material/webhook:",
    )
way = camera.source(rt.settings.camera)


def origin() -> str:
    """This console's origin, for the redirection URLs' defaults."""
    parts = urlsplit(st.context.url or "")
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return "http://localhost:8501"


journey: SivJourney | None = st.session_state.get(JOURNEY)

# --- 1 · partner token ----------------------------------------------------------------------
with st.container(border=True):
    st.markdown("#### 1 · Partner token")

    @st.fragment(run_every=1)
    def token() -> None:
        now = rt.now(SPEC)
        view.token_table(
            {
                "What": "Partner token (x-onekyc-token)",
                "Obtained": view.clock_time(t.obtained_at),
                "Expires": view.clock_time(t.expires_at),
                "Left": view.left(t.expires_at - now),
                "Refreshed": f"{t.refreshed} time{'s' if t.refreshed != 1 else ''}",
            }
            for t in flow.partner_token(rt)
        )

    token()
    st.caption(
        "Fetched with the client id and pass key when first needed, cached until 30 s before it "
        "expires, then fetched again by itself. Its value never leaves the console's server."
    )

# --- 2 · initiate flow ----------------------------------------------------------------------
with st.container(border=True):
    st.markdown("#### 2 · Initiate Flow (the SDK token)")
    if journey is None:
        label = "SIV walk"
        if sandbox:
            chosen = st.selectbox(
                "Sample user (sandbox: the phone number or e-mail picks how the callback comes)",
                list(samples.USERS)[: presenter.sample_count()],  # the first: the callback arrives
                key="siv.sample",
            )
            user = samples.USERS[chosen]
            label = f"SIV walk · {chosen}"
            st.caption(plain(user.what))
            if st.session_state.get("siv.sampled") != chosen:
                st.session_state["siv.sampled"] = chosen
                st.session_state["siv.phoneNumber"] = user.phone
                st.session_state["siv.email"] = user.email
        kind = st.segmented_control(
            "Verified contact",
            list(CONTACTS),
            format_func=CONTACTS.get,
            default="phoneNumber",
            key="siv.contact",
        )
        kind = kind or "phoneNumber"
        cols = st.columns([3, 2])
        cols[0].text_input(
            CONTACTS[kind] + (" (62…)" if kind == "phoneNumber" else ""), key=f"siv.{kind}"
        )
        st.session_state.setdefault("siv.reference", "otp-verification-0001")
        cols[1].text_input("Your verification's reference", key="siv.reference")
        verified = st.checkbox(
            "Verified by us (the vendor requires it)", value=True, key="siv.verified"
        )
        with st.expander("Locale, source and redirection URLs", icon=":material/tune:"):
            cols = st.columns(2)
            locale = cols[0].selectbox(
                "User locale", list(LOCALES), format_func=LOCALES.get, key="siv.locale"
            )
            source = cols[1].selectbox("Source", SOURCES, key="siv.source")
            here = origin()
            success_url = st.text_input(
                "Success redirection URL", f"{here}/success", key="siv.success"
            )
            failure_url = st.text_input(
                "Failure redirection URL", f"{here}/failure", key="siv.failure"
            )
        if st.button("Initiate Flow", key="siv.initiate", type="primary", icon=":material/key:"):
            contact = Contact(
                kind,
                st.session_state.get(f"siv.{kind}", ""),
                verified,
                st.session_state.get("siv.reference", ""),
            )
            options = FlowOptions(locale, source, success_url, failure_url)
            with st.spinner("The partner token, then an SDK token for one submission…"):
                begun = flow.initiate(rt, contact, options, label)
            st.session_state[JOURNEY if begun.initiated is not None else FAILED] = begun
            if begun.initiated is not None:
                st.session_state.pop(FAILED, None)
            st.rerun()
        if (failed := st.session_state.get(FAILED)) is not None:
            notices.show(failed.notices.get("initiate"))
            inspector.exchanges_expander(
                rt.store, failed.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
            )
    else:
        contact = journey.contact
        cols = st.columns(3)
        cols[0].markdown(f"**{CONTACTS[contact.kind]}**  \n{plain(contact.value)}")
        cols[1].markdown(f"**Submission id**  \n{plain(journey.submission_id)}")
        minutes = int(journey.initiated.expires_in // 60) if journey.initiated else 0
        cols[2].markdown(f"**SDK token**  \nkept on the server · valid {minutes} min")
        if st.button("Start over", key="siv.restart", icon=":material/restart_alt:"):
            start_over()
            st.rerun()

if journey is None:
    st.stop()


def photo_step(key: str, kind: str, label: str, guide: camera.Guide, names: tuple[str, ...]):
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
        on_refused=lambda why: flow.refuse_photo(rt, journey, f"{kind}-photo", why),
    )


# --- 3 · capture ----------------------------------------------------------------------------
with st.container(border=True):
    st.markdown("#### 3 · The KTP and the selfie")
    st.caption("Sent as the vendor's SDK sends them; once both are in, the vendor processes.")
    cols = st.columns(2)
    for col, (kind, key, label, guide, names) in zip(
        cols,
        (
            ("ktp", "siv.ktp", "KTP", camera.ID_CARD, ("ktp", "ktp-nik", "ktp-blank")),
            ("selfie", "siv.selfie", "Selfie", camera.FACE, ("selfie", "stranger")),
        ),
        strict=True,
    ):
        with col:
            photo = photo_step(key, kind, label, guide, names)
            sent = kind in journey.sent
            if st.button(
                f"Send the {label}" if not sent else f"Send the {label} again",
                key=f"{key}.send",
                type="primary" if not sent else "secondary",
                icon=":material/upload:",
                disabled=photo is None or journey.processing_since is not None,
                help="The vendor is processing: Start over for new photos"
                if journey.processing_since is not None
                else None
                if photo
                else f"Take the {label} photo first",
            ):
                with st.spinner(f"Sending the {label}…"):
                    flow.send_photo(rt, journey, kind, photo or b"")
                st.rerun()
            if sent:
                st.caption(plain(f"Sent · {view.clock_time(journey.sent[kind])}"))
            notices.show(journey.notices.get(kind))

if journey.processing_since is None:
    inspector.exchanges_expander(
        rt.store, journey.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
    )
    st.stop()


# --- 4 · the result -------------------------------------------------------------------------
@st.fragment(run_every=None if journey.finished else 1)
def result() -> None:
    """The live wait: the callback, or polling once the wait is over; the page follows both
    without a manual refresh."""
    now = rt.now(SPEC)
    waiting = not journey.finished
    flow.check_callback(rt, journey)
    if not journey.finished and flow.due_for_poll(rt, journey, now):
        flow.poll(rt, journey, automatic=True)
    if waiting and journey.finished:
        verdict = (journey.result or {}).get("result") or journey.status
        st.toast(f"The result is in: {verdict}", icon=":material/task_alt:")
        st.rerun()  # the whole page: the result's photos and tables below
    with st.container(border=True):
        st.markdown("#### 4 · The result")
        wait = configured.processing_wait_seconds
        arrived = journey.result_via == "callback"
        polling = (
            not journey.finished
            and not journey.polling_stopped
            and (journey.waited(now) >= wait or bool(journey.callback_problem))
        )
        view.timeline(
            [
                ("Submitted: KTP and selfie received", journey.processing_since, "done"),
                (
                    "Processing (the vendor reads the KTP and matches the faces)",
                    None,
                    "done" if journey.finished else "now",
                ),
                (
                    f"Callback received ({journey.deliveries} deliver"
                    + ("ies" if journey.deliveries != 1 else "y")
                    + ")"
                    if arrived
                    else "Callback: none yet"
                    if not journey.finished
                    else "Callback: none came",
                    journey.result_at if arrived else None,
                    "done" if arrived else "waiting",
                ),
                (
                    f"Get Submission Details: {journey.polls} call"
                    + ("s" if journey.polls != 1 else "")
                    + (f" · {journey.status}" if journey.polls else ""),
                    journey.result_at if journey.result_via == "poll" else journey.last_poll_at,
                    "done" if journey.result_via == "poll" else "now" if polling else "waiting",
                ),
            ],
            now,
        )
        view.deliveries(flow.sandbox_deliveries(rt, journey))
        if not journey.finished and not journey.polling_stopped and not journey.callback_problem:
            left = max(0, int(wait - journey.waited(now)))
            st.caption(
                f"Waiting for the callback: polling starts in {left} s."
                if left
                else f"No callback after {int(wait)} s: polling Get Submission Details every "
                f"{int(flow.POLL_EVERY)} s."
            )
        notices.show(journey.notices.get("result"))


result()
if st.button(
    "Get Submission Details now",
    key="siv.poll",
    icon=":material/sync:",
    disabled=journey.finished,
    help="The result is in" if journey.finished else "Ask the vendor instead of waiting",
):
    flow.poll(rt, journey)
    st.rerun()

if journey.result is not None:
    with st.container(border=True):
        st.markdown("#### The verdict")
        st.caption(
            "From the callback"
            if journey.result_via == "callback"
            else "From Get Submission Details (no callback came in time)"
        )
        view.verdict(journey.result)
        left_col, right_col = st.columns([3, 2])
        with left_col:
            st.markdown("**The KTP as the vendor read it**")
            view.ktp_table(journey.result)
        with right_col:
            st.markdown("**Certificate registration**")
            view.certificate(journey.result)
            st.markdown("**The photos**")
            view.images(flow.pictures(rt, journey))
        if presenter.show_qa():
            with st.expander("The payload, as received", icon=":material/data_object:"):
                # The image URLs are capabilities to the user's photos: the console fetched
                # them, the browser never gets them.
                st.json(flow.without_image_urls(journey.result), expanded=False)

if presenter.show_qa():
    with st.expander("Webhook inbox: every callback the receiver got", icon=":material/inbox:"):
        view.inbox(flow.inbox(rt), journey.journey_id)

inspector.exchanges_expander(
    rt.store, journey.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
)
