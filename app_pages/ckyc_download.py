"""HyperVerge CKYC Individual Download: search, OTP to the registered mobile, download."""

from datetime import date

import streamlit as st

from console import ckyc_flow, ckyc_view, inspector, notices, sandbox_panel
from console.ckyc_flow import CkycJourney, StartForm
from console.page import mode_badge, setup
from kyc_adapters.hyperverge_ckyc import ID_TYPES

JOURNEY = "ckyc.journey"
SHARED_RECORD = "shared.ckyc_record"  # read by the CKYC Validation page
SAMPLES = {
    "Asha · PAN": {"ckyc.id_type": "C", "ckyc.id_no": "ABCPK1234F", "ckyc.mobile": "9876501865"},
    "Asha · Aadhaar": {
        "ckyc.id_type": "E",
        "ckyc.aadhaar": "999941057058",
        "ckyc.name": "Asha Specimen Kumari",
        "ckyc.dob": date(1990, 8, 15),
        "ckyc.gender": "F",
        "ckyc.mobile": "9876501865",
    },
    "Ravi · Voter ID": {
        "ckyc.id_type": "B",
        "ckyc.id_no": "XYZ1234567",
        "ckyc.mobile": "9123409999",
    },
    "Meera · no mobile": {
        "ckyc.id_type": "C",
        "ckyc.id_no": "AAAPN0000A",
        "ckyc.mobile": "9000000000",
    },
    "Vikram · wrong mobile": {
        "ckyc.id_type": "C",
        "ckyc.id_no": "BBBPR5555B",
        "ckyc.mobile": "9000000000",
    },
}

DEFAULTS = {"ckyc.id_type": "C", "ckyc.gender": None, "ckyc.dob": None, "ckyc.images": "base64"}

rt = setup()
for key, value in DEFAULTS.items():
    st.session_state.setdefault(key, value)
sandbox = rt.settings.hyperverge_ckyc.mode == "sandbox"
journey: CkycJourney | None = st.session_state.get(JOURNEY)

st.title("CKYC Individual Download")
st.caption("HyperVerge · search CKYC, consent by OTP to the registered mobile, download the record")
mode_badge(rt.settings, "hyperverge-ckyc")
if sandbox:
    sandbox_panel.render(rt.services.sandbox_url, "hyperverge-ckyc")


def fill(sample: dict) -> None:
    st.session_state.update(sample)
    st.session_state.pop(JOURNEY, None)


def start_over() -> None:
    st.session_state.pop(JOURNEY, None)
    st.session_state.pop("ckyc.otp", None)


# --- step 1: who ----------------------------------------------------------------------------
def who_form() -> None:
    with st.container(border=True):
        st.markdown("#### 1 · Who")
        if sandbox:
            cols = st.columns(len(SAMPLES))
            for col, (label, sample) in zip(cols, SAMPLES.items(), strict=True):
                col.button(
                    label,
                    key=f"ckyc.sample.{label}",
                    on_click=fill,
                    args=(sample,),
                    width="stretch",
                    type="tertiary",
                )
        id_type = st.selectbox(
            "ID type",
            list(ID_TYPES),
            key="ckyc.id_type",
            format_func=lambda code: f"{ID_TYPES[code]} ({code})",
        )
        if id_type == "E":
            a, b = st.columns(2)
            a.text_input(
                "Aadhaar number", key="ckyc.aadhaar", max_chars=12, placeholder="12 digits"
            )
            b.text_input("Name as on Aadhaar", key="ckyc.name")
            c, d = st.columns(2)
            c.date_input(
                "Date of birth",
                key="ckyc.dob",
                min_value=date(1900, 1, 1),
                max_value=date.today(),
                format="DD/MM/YYYY",
            )
            d.selectbox(
                "Gender",
                ["M", "F", "T"],
                key="ckyc.gender",
                format_func={"M": "Male", "F": "Female", "T": "Transgender"}.get,
            )
            st.caption("Sent as idNo `aadhaar|name|dob|gender`.")
        else:
            st.text_input(f"{ID_TYPES[id_type]} number", key="ckyc.id_no")
        search_only = st.toggle("Search only (no OTP, no download)", key="ckyc.search_only")
        st.text_input(
            "Registered mobile number",
            key="ckyc.mobile",
            max_chars=10,
            placeholder="10 digits",
            disabled=search_only,
        )
        st.radio(
            "Images",
            ["base64", "selfurl", "none"],
            key="ckyc.images",
            horizontal=True,
            help="outputImageType: base64 images, presigned URLs, or none (empty list)",
        )
        if st.button(
            "Search" if search_only else "Start: send OTP", key="ckyc.start", type="primary"
        ):
            images = st.session_state["ckyc.images"]
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
                st.session_state[JOURNEY] = ckyc_flow.start(rt, form)
            st.session_state.pop("ckyc.otp", None)  # a new walk starts with an empty OTP box
            st.rerun()


if journey is None or journey.stage in ("rejected", "failed", "search"):
    who_form()
else:
    with st.container(border=True):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(f"#### 1 · Who  \n{journey.who}")
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
if journey.stage in ("otp", "ended"):
    with st.container(border=True):
        st.markdown("#### 2 · Consent by OTP")
        st.success(journey.otp_message, icon=":material/sms:")
        st.caption(f"requestId `{journey.request_id}`")
        otp_col, phone_col = st.columns([3, 2]) if sandbox else (st.container(), None)
        with otp_col:
            live = journey.stage == "otp"
            st.text_input(
                "OTP",
                key="ckyc.otp",
                max_chars=6,
                disabled=not live,
                placeholder="6 digits from the SMS",
            )
            if st.button(
                "Verify and download", key="ckyc.verify", type="primary", disabled=not live
            ):
                with st.spinner("Validating the OTP and downloading the record…"):
                    ckyc_flow.verify(rt, journey, st.session_state["ckyc.otp"])
                st.rerun()
            st.caption(
                f"{journey.attempts_left} of 3 attempts left on this OTP · "
                f"{journey.resends_left} of 3 resends left"
            )

            @st.fragment(run_every=1 if live and not journey.countdown.done() else None)
            def resend_area() -> None:
                waiting = not journey.countdown.done()
                early = st.checkbox(
                    "Allow resend before 90 s (to see the vendor's refusal)",
                    key="ckyc.allow_early",
                    disabled=not live,
                )
                label = f"Resend OTP (in {journey.countdown.label()})" if waiting else "Resend OTP"
                clicked = st.button(
                    label, key="ckyc.resend", disabled=not live or (waiting and not early)
                )
                if clicked:
                    ckyc_flow.resend(rt, journey)
                    st.rerun()
                skip = (
                    sandbox
                    and live
                    and st.button(
                        "Skip 90 s (sandbox clock)", key="ckyc.skip", icon=":material/fast_forward:"
                    )
                )
                if skip and sandbox_panel.advance(rt.services.sandbox_url, 90):
                    journey.countdown.skip(90)
                    st.rerun()
                if live and not waiting and st.session_state.get("ckyc.was_waiting", True):
                    st.session_state["ckyc.was_waiting"] = False
                    st.rerun()
                st.session_state["ckyc.was_waiting"] = waiting

            resend_area()
        if phone_col is not None:
            with phone_col:
                # An OTP SMS arrives only on start or resend: read once per OTP, not per rerun.
                sandbox_panel.phone(
                    rt.services.sandbox_url,
                    journey.mobile,
                    "ckyc.sms",
                    f"{journey.journey_id}.{journey.resends_left}",
                )

notices.show(journey.notice)

# --- step 3: the record ---------------------------------------------------------------------
if journey.search is not None:
    st.markdown("#### Search result")
    ckyc_view.search_card(journey.search)
    st.caption("To download, turn off *Search only*, enter the registered mobile and start.")
if journey.record is not None:
    st.markdown("#### 3 · The record")
    ckyc_view.record_card(journey.record)
    st.session_state[SHARED_RECORD] = journey.record
    st.caption("Kept for the CKYC Validation page in this session.")

inspector.exchanges_expander(rt.store, journey.journey_id)
