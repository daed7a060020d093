"""HyperVerge CKYC Individual Download: search, OTP to the registered mobile, download."""

from datetime import date

import streamlit as st

from console.core import inspector, notices, presenter, replay, sandbox_panel
from console.core.page import mode_badge, setup
from console.core.text import plain
from console.vendors.hyperverge_ckyc import flow, view
from console.vendors.hyperverge_ckyc.flow import CkycJourney, Stage, StartForm
from console.vendors.hyperverge_ckyc.spec import SPEC
from kyc_adapters.hyperverge_ckyc import ID_TYPES, HyperVergeCkycClient

JOURNEY = "ckyc.journey"
SHARED_RECORD = "shared.ckyc_record"  # the latest downloaded record, read by Validation
VALIDATION_PAGE = "app_pages/hyperverge_validation.py"
# Sample people from the sandbox's seed data: what each fills, and what it shows.
SAMPLES = {
    "Asha · PAN": (
        "The happy path: PAN and the registered mobile",
        {
            "ckyc.id_type": "C",
            "ckyc.id_no": "ABCPK1234F",
            "ckyc.mobile": "9876501865",
        },
    ),
    "Asha · Aadhaar": (
        "The happy path by Aadhaar (idType E): number, name, date of birth, gender",
        {
            "ckyc.id_type": "E",
            "ckyc.aadhaar": "999941057058",
            "ckyc.name": "Asha Specimen Kumari",
            "ckyc.dob": date(1990, 8, 15),
            "ckyc.gender": "F",
            "ckyc.mobile": "9876501865",
        },
    ),
    "Ravi · Voter ID": (
        "A second record, by voter ID",
        {
            "ckyc.id_type": "B",
            "ckyc.id_no": "XYZ1234567",
            "ckyc.mobile": "9123409999",
        },
    ),
    "Meera · no mobile": (
        "A record with no registered mobile: the vendor refuses the OTP download",
        {
            "ckyc.id_type": "C",
            "ckyc.id_no": "AAAPN0000A",
            "ckyc.mobile": "9000000000",
        },
    ),
    "Vikram · wrong mobile": (
        "A mobile that is not the registered one: the vendor refuses it",
        {
            "ckyc.id_type": "C",
            "ckyc.id_no": "BBBPR5555B",
            "ckyc.mobile": "9000000000",
        },
    ),
}
QA_SAMPLES = ("Meera · no mobile", "Vikram · wrong mobile")  # refusals: not for a demo
DEFAULTS = {"ckyc.id_type": "C", "ckyc.gender": None, "ckyc.dob": None, "ckyc.images": "base64"}
FORM_KEYS = [
    "ckyc.id_type",
    "ckyc.id_no",
    "ckyc.mobile",
    "ckyc.search_only",
    "ckyc.images",
    "ckyc.aadhaar",
    "ckyc.name",
    "ckyc.dob",
    "ckyc.gender",
]
FORM_AS_SENT = "ckyc.form_as_sent"  # refills the form on Start over
COOLDOWN = HyperVergeCkycClient.RESEND_COOLDOWN_SECONDS

rt = setup()
for key, value in DEFAULTS.items():
    st.session_state.setdefault(key, value)
sandbox = rt.mode(SPEC) == "sandbox"
journey: CkycJourney | None = st.session_state.get(JOURNEY)
if journey is not None and journey.mode != rt.mode(SPEC):
    # A walk belongs to the mode it ran in: switched on Settings, it no longer applies here.
    flow.abandon(rt, st.session_state.pop(JOURNEY))
    st.toast(f"Now in {rt.mode(SPEC)} mode: the earlier walk was cleared", icon=":material/sync:")
    journey = None


def leave_walk() -> None:
    left = st.session_state.pop(JOURNEY, None)
    if left is not None:
        flow.abandon(rt, left)


def fill(sample: dict) -> None:
    # Each sample shows its case end to end: a search-only toggle left on would hide it.
    st.session_state.update({"ckyc.search_only": False, **sample})
    leave_walk()


def start_over() -> None:
    leave_walk()
    st.session_state.pop("ckyc.otp", None)
    # The form's widgets were not drawn during the walk, so Streamlit dropped their values.
    st.session_state.update(st.session_state.get(FORM_AS_SENT, {}))


st.title(SPEC.flow)
st.caption("HyperVerge · search CKYC, consent by OTP to the registered mobile, download the record")
mode_badge(rt, SPEC)
if sandbox:
    sandbox_panel.render(
        rt.services.sandbox_url,
        SPEC.id,
        on_clock_moved=lambda: journey is not None and flow.clock_moved(journey),
        on_reset=leave_walk,
    )


# --- step 1: who ----------------------------------------------------------------------------
def who_form() -> None:
    with st.container(border=True):
        st.markdown("#### 1 · Who")
        if sandbox:
            st.markdown(
                "**Fill with a sample person** :small[· synthetic seed data of the sandbox]"
            )
            with st.container(horizontal=True):
                for label, (what, sample) in SAMPLES.items():
                    if label in QA_SAMPLES and not presenter.show_qa():
                        continue
                    st.button(
                        label,
                        key=f"ckyc.sample.{label}",
                        on_click=fill,
                        args=(sample,),
                        help=what,
                        icon=":material/person:",
                    )
        # Two fields a row: at 1440x900 the Start button, and what it answers, stay in view.
        type_col, number_col = st.columns(2)
        id_type = type_col.selectbox(
            "ID type",
            list(ID_TYPES),
            key="ckyc.id_type",
            format_func={code: view.id_label(code) for code in ID_TYPES}.get,
        )
        if id_type == "E":
            number_col.text_input(
                "Aadhaar number", key="ckyc.aadhaar", max_chars=12, placeholder="12 digits"
            )
            name_col, dob_col, gender_col = st.columns([2, 1, 1])
            name_col.text_input("Name as on Aadhaar", key="ckyc.name")
            dob_col.date_input(
                "Date of birth",
                key="ckyc.dob",
                min_value=date(1900, 1, 1),
                max_value=date.today(),
                format="DD/MM/YYYY",
            )
            gender_col.selectbox(
                "Gender",
                ["M", "F", "T"],
                key="ckyc.gender",
                format_func={"M": "Male", "F": "Female", "T": "Transgender"}.get,
            )
            if presenter.show_qa():
                st.caption("Sent as idNo `aadhaar|name|dob|gender`.")
        else:
            number_col.text_input(f"{ID_TYPES[id_type]} number", key="ckyc.id_no")
        mobile_col, images_col = st.columns(2)
        with images_col:
            search_only = st.toggle("Search only (no OTP, no download)", key="ckyc.search_only")
            if presenter.show_qa():  # hidden, the images stay the default (base64)
                st.radio(
                    "Images",
                    ["base64", "selfurl", "none"],
                    key="ckyc.images",
                    horizontal=True,
                    help="outputImageType: base64 images, presigned URLs, or none (empty list)",
                )
        mobile_col.text_input(
            "Registered mobile number",
            key="ckyc.mobile",
            max_chars=10,
            placeholder="10 digits",
            disabled=search_only,
        )
        if st.button(
            "Search" if search_only else "Start: send OTP", key="ckyc.start", type="primary"
        ):
            st.session_state[FORM_AS_SENT] = {
                key: st.session_state[key] for key in FORM_KEYS if key in st.session_state
            }
            # The Images radio is QA's: hidden in presenter mode, the default is sent.
            images = (
                st.session_state["ckyc.images"] if presenter.show_qa() else DEFAULTS["ckyc.images"]
            )
            form = StartForm(
                id_type=id_type,
                id_no=st.session_state.get("ckyc.id_no", ""),
                mobile=st.session_state.get("ckyc.mobile", ""),
                search_only=search_only,
                output_image_type=None if images == "none" else images,
                aadhaar=st.session_state.get("ckyc.aadhaar", ""),
                name=st.session_state.get("ckyc.name", ""),
                dob=st.session_state.get("ckyc.dob"),
                gender=st.session_state.get("ckyc.gender") or "",
            )
            with st.spinner(
                "Searching CKYC…" if search_only else "Searching CKYC and sending the OTP…"
            ):
                st.session_state[JOURNEY] = flow.start(rt, form)
            st.session_state.pop("ckyc.otp", None)  # a new walk starts with an empty OTP box
            st.rerun()
        if journey is not None and journey.stage.shows_form:
            notices.show(journey.notice)  # the outcome of Start, under the Start button


if journey is None or journey.stage.shows_form:
    who_form()
else:
    with st.container(border=True):
        left, right = st.columns([4, 1], vertical_alignment="center")
        code = st.session_state.get(FORM_AS_SENT, {}).get("ckyc.id_type", "")
        who = journey.who.replace(f"{ID_TYPES.get(code, code)} ({code})", view.id_label(code), 1)
        left.markdown(f"#### 1 · Who  \n{plain(who)}")
        right.button(
            "Start over",
            key="ckyc.start_over",
            on_click=start_over,
            icon=":material/restart_alt:",
            width="stretch",
        )

if journey is None:
    st.stop()


# --- step 2: consent by OTP -----------------------------------------------------------------
def otp_status(journey: CkycJourney) -> str:
    if journey.stage == Stage.ENDED:
        return "This OTP session is over: Start over for a new OTP."
    resends = (
        f"{journey.resends_left} of {HyperVergeCkycClient.RESEND_LIMIT} resends left"
        if journey.resends_left
        else "no resends left (the latest OTP still works)"
    )
    attempts = HyperVergeCkycClient.OTP_ATTEMPTS
    return f"{journey.attempts_left} of {attempts} attempts left on this OTP · {resends}"


def resend_area(journey: CkycJourney) -> None:
    """The resend countdown, on the one clock: the sandbox's (moved from anywhere) or the wall."""
    live = journey.otp_open and journey.resends_left > 0
    now = rt.now(SPEC)
    waiting = live and not journey.countdown.done(now)
    anyway = presenter.show_qa() and st.checkbox(
        "Allow a resend the vendor would refuse (before 90 s, or after the 3rd)",
        key="ckyc.allow_early",
        disabled=not journey.otp_open,
    )
    label = f"Resend OTP (in {journey.countdown.label(now)})" if waiting else "Resend OTP"
    cols = st.columns(2)
    if cols[0].button(
        label,
        key="ckyc.resend",
        disabled=not journey.otp_open or ((waiting or not live) and not anyway),
        icon=":material/sms:",
        width="stretch",
    ):
        with st.spinner("Asking for a new OTP…"):
            flow.resend(rt, journey)
        st.rerun()
    if (
        sandbox
        and waiting
        and presenter.show_qa()
        and cols[1].button(
            f"Skip {COOLDOWN} s (sandbox clock)",
            key="ckyc.skip",
            icon=":material/fast_forward:",
            width="stretch",
        )
        and sandbox_panel.advance(rt.services.sandbox_url, COOLDOWN)
    ):
        flow.clock_moved(journey)
        st.rerun()
    if waiting:
        st.session_state["ckyc.was_waiting"] = True
    elif st.session_state.pop("ckyc.was_waiting", False):
        flow.clock_moved(journey)
        st.rerun()  # the whole page: the fragment stops ticking


if journey.stage in (Stage.OTP, Stage.ENDED):
    with st.container(border=True):
        st.markdown("#### 2 · Consent by OTP")
        if journey.otp_open:
            st.success(plain(journey.otp_message), icon=":material/sms:")
        if presenter.show_qa():
            st.caption(f"requestId {plain(journey.request_id)}")
        otp_col, phone_col = st.columns([3, 2]) if sandbox else (st.container(), None)
        with otp_col:
            st.text_input(
                "OTP",
                key="ckyc.otp",
                max_chars=8,  # the flow refuses what cannot be an OTP, with a sentence
                disabled=not journey.otp_open,
                placeholder="6 digits from the SMS",
            )
            if st.button(
                "Verify and download",
                key="ckyc.verify",
                type="primary",
                disabled=not journey.otp_open,
                icon=":material/verified:",
            ):
                with st.spinner("Validating the OTP and downloading the record…"):
                    flow.verify(rt, journey, st.session_state["ckyc.otp"])
                st.rerun()
            notices.show(journey.otp_notice)  # the outcome of Verify or Resend, right here
            st.caption(plain(otp_status(journey)))
            ticking = (
                journey.otp_open
                and journey.resends_left > 0
                and not journey.countdown.done(rt.now(SPEC))
            )
            # Ticks once a second only while a countdown runs.
            st.fragment(resend_area, run_every=1 if ticking else None)(journey)
        if phone_col is not None:
            with phone_col:
                # An OTP SMS arrives only on start or resend: read once per OTP, not per rerun.
                sandbox_panel.phone(
                    rt.services.sandbox_url,
                    journey.mobile,
                    journey.request_id,
                    "ckyc.sms",
                    f"{journey.journey_id}.{journey.resends_left}",
                )

# --- step 2 or 3: the answer ----------------------------------------------------------------
if journey.search is not None:
    st.markdown("#### 2 · Search result")
    view.search_card(journey.search)
    st.caption(
        "To download: in step 1, turn off *Search only*, enter the record's registered mobile, "
        "and Start (a record without one cannot be downloaded by OTP)."
    )
if journey.record is not None:
    with st.container(border=True):
        st.markdown("#### 2 · Consent by OTP")
        notices.show(journey.notice)  # where Verify was
        if presenter.show_qa():
            st.caption(f"requestId {plain(journey.request_id)}")
    st.markdown("#### 3 · The record")
    view.record_card(journey.record)
    st.session_state[SHARED_RECORD] = journey.record
    if st.button(
        "Validate this record",
        key="ckyc.validate_record",
        icon=":material/fact_check:",
        help="HyperVerge CKYC Validation: its data against its own documents and selfie",
    ):
        st.session_state["val.way"] = "downloaded"
        st.switch_page(VALIDATION_PAGE)

inspector.exchanges_expander(
    rt.store, journey.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
)
