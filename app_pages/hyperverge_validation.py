"""HyperVerge CKYC Validation: a CKYC record against its own documents and selfie."""

import streamlit as st

from console.core import inspector, notices, presenter, replay, sandbox_panel
from console.core.images import fetch
from console.core.page import mode_badge, setup
from console.core.text import plain
from console.vendors.hyperverge_validation import checks, flow, record_xml, sources, view
from console.vendors.hyperverge_validation.flow import Stage, ValidationJourney, ValidationRequest
from console.vendors.hyperverge_validation.spec import SPEC
from kyc_adapters.hyperverge_validation import FIELDS, OPTIONS, ValidationFields, ValidationOptions

JOURNEY = "val.journey"
LOADED = "val.loaded"  # which source the form was filled from
DOWNLOADED = "shared.ckyc_record"  # set by the CKYC Download page
WAYS = {
    "downloaded": "The record just downloaded",
    "upload": "Upload a record",
    "sample": "A sample record",
}
LABELS = {
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "full_name": "Full name",
    "dob": "Date of birth (DD-MM-YYYY)",
    "address1": "Address line 1",
    "address2": "Address line 2",
    "address3": "Address line 3",
    "city": "City",
    "district": "District",
    "state": "State",
    "country": "Country",
    "pincode": "Pincode",
    "aadhaar": "Aadhaar",
    "driving_license": "Driving licence",
    "voter_id": "Voter ID",
    "passport": "Passport",
    "pan": "PAN",
}
OPTION_HELP = {
    "validate_pan": "Validate the PAN number",
    "mask_aadhaar": "Mask the first 8 Aadhaar digits on the image (link valid 15 min)",
    "returnOcrDump": "Add the text read from each file (ocrDump)",
    "standardOcrDump": "Add the structured OCR dump (standardOcrDump)",
    "returnMaskedAadhaarNumber": "Mask the Aadhaar number in the answer",
    "returnInputImage": "Add the input files' URLs (inputImageUrls)",
    "returnSingleMaskedFile": "One merged masked Aadhaar file (needs mask_aadhaar)",
}

rt = setup()
if (held := st.session_state.get(JOURNEY)) is not None and held.mode != rt.mode(SPEC):
    st.session_state.pop(JOURNEY)

st.title(SPEC.flow)
st.caption(
    "HyperVerge · a CKYC record's personal data checked against its own documents and selfie: "
    "approve, manual review or reject, and why"
)
mode_badge(rt, SPEC)
if rt.mode(SPEC) == "sandbox":
    sandbox_panel.render(
        rt.services.sandbox_url,
        SPEC.id,
        timeout_seconds=rt.settings.vendor(SPEC.id).timeout_seconds,
    )
    if presenter.show_qa():
        st.sidebar.caption(
            "Magic first names (sandbox): APPROVE-ME, REVIEW-ME, REJECT-ME give the vendor "
            "document's three samples as they are; FILE-TOO-LARGE, TOO-MANY-PAGES, "
            "SERVER-ERROR its refusals. They need an ID number, no files."
        )


def unload() -> None:
    """The chosen way has no record (yet): nothing from an earlier one may be sent."""
    st.session_state.pop(LOADED, None)
    st.session_state.pop("val.request", None)


def load(request: ValidationRequest, source_id: str, files_id: str = "") -> None:
    """Fill the form from a source, once per source (the user's edits then stand); new files
    for the same source replace the files only, and any verdict of the old ones."""
    if st.session_state.get(LOADED) == source_id:
        if st.session_state.get("val.files_id") != files_id:
            st.session_state["val.files_id"] = files_id
            st.session_state["val.request"] = request
            st.session_state.pop(JOURNEY, None)
        return
    st.session_state[LOADED] = source_id
    st.session_state["val.files_id"] = files_id
    st.session_state["val.request"] = request
    for name in FIELDS:
        st.session_state[f"val.f.{name}"] = getattr(request.fields, name)
    st.session_state.pop(JOURNEY, None)


# --- step 1: the record ---------------------------------------------------------------------
with st.container(border=True):
    st.markdown("#### 1 · The record")
    has_download = st.session_state.get(DOWNLOADED) is not None
    st.session_state.setdefault("val.way", "downloaded" if has_download else "sample")
    way = st.segmented_control(
        "Where the record comes from", list(WAYS), format_func=WAYS.get, key="val.way"
    )
    if way == "downloaded":
        record = st.session_state.get(DOWNLOADED)
        if record is None:
            st.info(
                "No record downloaded in this session yet: download one, then come back.",
                icon=":material/info:",
            )
            st.page_link("app_pages/hyperverge_ckyc.py", label="CKYC Individual Download")
            unload()
        else:
            request = sources.from_download(record)
            load(request, f"downloaded:{record.ckycNo}:{id(record)}")
            st.caption(plain(f"{record.fullName} · CKYC No {record.ckycNo}"))
    elif way == "upload":
        st.caption(
            "The XML shape is the console's own (the vendor documents none): element names "
            "follow the CKYC Download record's keys. See assets/ckyc/records/ for samples."
        )
        xml = st.file_uploader(
            "CKYC record (XML, up to 1 MB)", type=["xml"], key="val.xml", max_upload_size=1
        )
        files = st.file_uploader(
            "Documents (JPEG, PNG, PDF; the vendor takes up to 6 MB each)",
            type=["jpg", "jpeg", "png", "pdf"],
            accept_multiple_files=True,
            key="val.files",
        )
        selfie = st.file_uploader(
            "Selfie (JPEG, PNG)", type=["jpg", "jpeg", "png"], key="val.selfie"
        )
        if xml is not None:
            try:
                request = sources.from_upload(xml.getvalue(), xml.name, files or [], selfie)
            except record_xml.RecordError as exc:
                st.error(plain(str(exc)), icon=":material/error:")
                unload()
                if st.session_state.get("val.refused") != xml.file_id:  # once, not every rerun
                    st.session_state["val.refused"] = xml.file_id
                    flow.refuse_record(rt, xml.name, str(exc))
                st.stop()
            uploads = [*(f.file_id for f in files or []), selfie and selfie.file_id]
            load(request, f"upload:{xml.file_id}", str(uploads))
        else:
            st.caption("Drop a record's XML to fill the form.")
            unload()
    else:
        samples = sources.samples()
        label = st.selectbox("Sample", [s.label for s in samples], key="val.sample")
        sample = next(s for s in samples if s.label == label)
        load(sample.request, f"sample:{label}")

request: ValidationRequest | None = st.session_state.get("val.request")
if request is None:
    st.stop()
# Read after step 1: loading another record clears the last verdict.
journey: ValidationJourney | None = st.session_state.get(JOURNEY)

# --- step 2: check and edit -----------------------------------------------------------------
# Once a verdict is in, the form folds away so the verdict shows where Validate was clicked;
# a new key per journey folds it again after every send.
with st.expander(
    "2 · Check, edit, send" if journey is None else "2 · Check, edit, send again",
    expanded=journey is None or journey.stage == Stage.HELD_BACK,
    icon=":material/edit_note:",
    key=f"val.form.{journey.journey_id if journey else 'new'}",
):
    st.caption(plain(f"From: {request.source}"))
    view.thumbnails(request)
    cols = st.columns(3)
    for index, name in enumerate(FIELDS):
        cols[index % 3].text_input(LABELS[name], key=f"val.f.{name}")
    fields = ValidationFields(**{n: st.session_state.get(f"val.f.{n}", "").strip() for n in FIELDS})
    with st.expander("Options", icon=":material/tune:"):
        chosen = {
            name: "yes"
            for name in OPTIONS
            if st.toggle(f"{name}: {OPTION_HELP[name]}", key=f"val.o.{name}")
        }
    request = ValidationRequest(
        source=request.source,
        fields=fields,
        documents=request.documents,
        selfie=request.selfie,
        image_urls=request.image_urls,
        options=ValidationOptions(**chosen),
        missing=request.missing,
    )
    if request.missing:
        st.info(
            plain("The record lists files not given: " + ", ".join(request.missing)),
            icon=":material/attach_file:",
        )
    found = checks.check(request.fields, request.documents, request.selfie, request.image_urls)
    problems = [f"{p.sentence} (the vendor would answer: {p.vendor_answer})" for p in found]
    for problem in problems:
        st.warning(plain(problem), icon=":material/warning:")
    send_anyway = (
        bool(problems)
        and presenter.show_qa()
        and st.checkbox("Send anyway (to see the vendor's own refusal)", key="val.send_anyway")
    )
    if st.button("Validate", key="val.validate", type="primary", icon=":material/fact_check:"):
        waiting = "The vendor reads every page and compares faces: a few seconds…"
        if rt.mode(SPEC) == "sandbox":
            waiting += " (the sandbox's first validation also loads its OCR and face models)"
        with st.status(waiting) as status:
            st.session_state[JOURNEY] = flow.validate(
                rt, request, problems, send_anyway=send_anyway
            )
            status.update(label="Answered", state="complete")
        st.rerun()

if journey is None:
    st.stop()

# --- step 3: the verdict --------------------------------------------------------------------
st.markdown("#### 3 · The verdict")
notices.show(journey.notice)
if journey.stage == Stage.VERDICT and journey.result is not None:
    sandbox = journey.mode == "sandbox"
    view.verdict_card(journey.result, sandbox=sandbox)
    view.documents(journey.result, sandbox=sandbox)
    view.face_match(journey.result, journey.request)
    urls = journey.result.masked_aadhaar_url or []
    links = [urls] if isinstance(urls, str) else urls
    view.masked_aadhaar([data for url in links if (data := fetch(url))])
    view.ocr_dump(journey.result)
inspector.exchanges_expander(
    rt.store, journey.journey_id, replays=replay.finder(SPEC, rt.services.sandbox_url)
)
