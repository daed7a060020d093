"""Message Central e-KYC Now: a single-use URL to the vendor's hosted journey, embedded here,
its expiry, and how the journey ended."""

import streamlit as st

from console.core import inspector, notices, presenter, replay, sandbox_control, sandbox_panel
from console.core.page import mode_badge, setup
from console.core.text import plain
from console.vendors.messagecentral_ekyc import flow
from console.vendors.messagecentral_ekyc.flow import FLOWS, TRIAL_ATTEMPTS, EkycJourney
from console.vendors.messagecentral_ekyc.spec import SPEC, MessageCentralEkycSettings

JOURNEY = "ekyc.journey"
# The sandbox's reason codes (the document names none), as sentences.
REASONS = {
    "verified": "Every check passed.",
    "document_rejected": "The document was rejected.",
    "selfie_rejected": "The selfie was rejected.",
    "face_mismatch": "The selfie is not the document's holder.",
    "liveness_failed": "The liveness check failed.",
    "aml_hit": "AML screening: the name is on the watch list.",
    "link_expired": "The 30 minutes ran out before the journey ended.",
    "consent_declined": "The user declined consent.",
    "user_cancelled": "The user cancelled the verification.",
}
UNCHECKED = ":material/radio_button_unchecked:"
STEP_ICONS = {"passed": ":material/check_circle:", "failed": ":material/cancel:"}
ENDINGS = {
    "completed": ("Completed", "green", ":material/task_alt:"),
    "failed": ("Failed", "red", ":material/cancel:"),
    "expired": ("Expired", "orange", ":material/timer_off:"),
    "abandoned": ("Abandoned", "gray", ":material/logout:"),
}

rt = setup()
if (held := st.session_state.get(JOURNEY)) is not None and held.mode != rt.mode(SPEC):
    flow.abandon(rt, held)
    st.session_state.pop(JOURNEY)


def start_over() -> None:
    if (held := st.session_state.pop(JOURNEY, None)) is not None:
        flow.abandon(rt, held)


st.title(SPEC.flow)
st.caption(
    "Message Central · a single-use URL, valid 30 minutes, to the vendor's hosted journey: "
    "documents (Basic), plus liveness and AML screening (Premium)"
)
mode_badge(rt, SPEC)
sandbox = rt.mode(SPEC) == "sandbox"
if sandbox:
    sandbox_control.warm_up(rt.services.sandbox_url, SPEC.id)
    sandbox_panel.render(
        rt.services.sandbox_url,
        SPEC.id,
        on_reset=start_over,
        timeout_seconds=rt.settings.vendor(SPEC.id).timeout_seconds,
    )
else:
    st.info(
        "Live: in the e-KYC console, set this flow's redirection URL to "
        + plain(flow.redirect_url(rt))
        + " so that this page learns how each journey ended (this machine must be reachable "
        "from the user's browser).",
        icon=":material/alt_route:",
    )
journey: EkycJourney | None = st.session_state.get(JOURNEY)
configured = rt.settings.vendor(SPEC.id)
assert isinstance(configured, MessageCentralEkycSettings)

# --- 1 · generate ---------------------------------------------------------------------------
with st.container(border=True):
    st.markdown("#### 1 · Generate the URL")
    cols = st.columns([2, 3])
    chosen = cols[0].segmented_control(
        "Flow", list(FLOWS), format_func=FLOWS.get, default="basic", key="ekyc.flow"
    )
    chosen = chosen or "basic"
    st.session_state.setdefault("ekyc.company", configured.company_name or "KYC Console Demo")
    cols[1].text_input("Company name (as registered with e-KYC)", key="ekyc.company")
    left = None
    if chosen == "trial":
        left = flow.trial_left(rt)
        st.caption(
            f"Trial attempts left: {left} of {TRIAL_ATTEMPTS}. Each URL generated uses one."
            if left is not None
            else f"The Trial flow allows {TRIAL_ATTEMPTS} attempts; each URL generated uses one."
        )
    label = "Generate again" if journey is not None else "Generate URL"
    used_up = chosen == "trial" and left == 0
    if used_up:
        st.info(
            "The five trial attempts are used up: pick Basic or Premium, or reset the sandbox "
            "from the sidebar.",
            icon=":material/block:",
        )
    if st.button(
        label, key="ekyc.generate", type="primary", icon=":material/link:", disabled=used_up
    ):
        start_over()
        with st.spinner("Asking the vendor for a URL…"):
            st.session_state[JOURNEY] = flow.generate(rt, chosen, st.session_state["ekyc.company"])
        st.rerun()
    if journey is not None:
        notices.show(journey.notice)

if journey is None or journey.generated is None:
    if journey is not None:
        inspector.exchanges_expander(
            rt.store, journey.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
        )
    st.stop()

generated = journey.generated


# --- 2 · the hosted journey -----------------------------------------------------------------
@st.fragment(run_every=1)
def hosted() -> None:
    """The URL's countdown and, once the vendor redirects, how the journey ended: the page
    follows both without a manual refresh."""
    now = rt.now(SPEC)
    was_open = journey.ended is None and not journey.expired
    ended = flow.check_ended(rt, journey)
    expired = flow.check_expired(rt, journey, now)
    if was_open and (ended or expired):
        st.rerun()  # the whole page: the frame of the finished journey goes
    with st.container(border=True):
        st.markdown("#### 2 · The hosted journey")
        cols = st.columns(3)
        if presenter.show_qa():  # raw identifiers: QA's, not a prospect's
            cols[0].markdown(f"**Journey id**  \n{plain(generated.journey_id)}")
            cols[1].markdown(f"**Token**  \n{plain(generated.token)}")
        else:
            cols = [*cols[:2], cols[0]]  # the countdown where the identifiers were
        seconds = journey.seconds_left(now)
        minutes, secs = divmod(int(seconds), 60)
        if ended:
            cols[2].metric("The URL", "used")  # single use: it opens nothing now
        else:
            cols[2].metric(
                "Expires in", f"{minutes} min {secs:02d} s" if seconds > 0 else "expired"
            )
        if ended:
            status = (journey.ended or {}).get("status", "")
            unknown = ("Ended, with a status the console does not know", "gray", ":material/help:")
            label, colour, icon = ENDINGS.get(status, unknown)
            st.badge(f"The journey ended: {label}", icon=icon, color=colour)
            reason = (journey.ended or {}).get("reason") or ""
            if reason:
                st.markdown(plain(REASONS.get(reason, reason.replace("_", " "))))
            captured = journey.captured or {}
            steps = [step for step in captured.get("steps") or [] if isinstance(step, dict)]
            if steps:  # the checks the journey ran (the sandbox says; live, the redirect only)
                st.markdown(
                    "  \n".join(
                        STEP_ICONS.get(str(step.get("status")), UNCHECKED)
                        + " "
                        + plain(f"{step.get('name', '')}: {step.get('status', '')}")
                        + (plain(f" · {step['detail']}") if step.get("detail") else "")
                        for step in steps
                    )
                )
            if journey.captured is not None and presenter.show_qa():
                with st.expander("What the sandbox captured", icon=":material/inventory_2:"):
                    st.json(journey.captured)
            return
        if expired:
            st.badge("The journey ended: Expired", icon=":material/timer_off:", color="orange")
            st.warning(
                "This URL has expired (30 minutes): press Generate again for a new one.",
                icon=":material/timer_off:",
            )
            return
        st.caption(
            "Single use: the journey runs once, in the frame below (or in a new tab). The "
            "console learns how it ended from the vendor's redirect."
        )
        st.code(generated.url, language=None)
        st.link_button("Open in a new tab", generated.url, icon=":material/open_in_new:")


hosted()
if journey.ended is None and journey.seconds_left(rt.now(SPEC)) > 0:
    st.iframe(generated.url, height=760)

inspector.exchanges_expander(
    rt.store, journey.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
)
