"""How a person reads a CKYC Validation verdict: the badge and why, field by field."""

import json

import pandas as pd
import streamlit as st

from console.core import presenter
from console.core.images import picture
from console.core.text import plain
from console.vendors.hyperverge_validation.flow import ValidationRequest, verdict
from kyc_adapters.hyperverge_validation import MISMATCH_CODES, MISMATCH_WEIGHTS, ValidationResult

FIELD_NAMES = {
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "full_name": "Full name",
    "dob": "Date of birth",
    "address1": "Address line 1",
    "address2": "Address line 2",
    "address3": "Address line 3",
    "city": "City",
    "district": "District",
    "state": "State",
    "country": "Country",
    "pincode": "Pincode",
    "aadhaar": "Aadhaar number",
    "driving_license": "Driving licence number",
    "voter_id": "Voter ID number",
    "passport": "Passport number",
    "pan": "PAN",
    "faceMatch": "Face match",
}
DOCUMENTS = {
    "aadhaar": "Aadhaar",
    "passport": "Passport",
    "dl": "Driving licence",
    "driving_license": "Driving licence",
    "voter_id": "Voter ID",
    "pan": "PAN",
    "other": "Other",
    "photo": "Photo",
    "aadhaar_kyc": "Aadhaar KYC",
}


def thumbnails(request: ValidationRequest, *, width: int = 140) -> None:
    """The files as they will be (or were) sent: documents, then the selfie."""
    files = [*request.documents, *([request.selfie] if request.selfie else [])]
    if not files and not request.image_urls:
        st.caption("No files yet.")
        return
    cols = st.columns(max(len(files), 1) + (1 if request.image_urls else 0))
    for col, upload in zip(cols, files, strict=False):
        with col:
            shown = picture(upload.content)
            label = plain(f"{upload.filename} · {len(upload.content) / 1024:.0f} KB")
            if shown is not None:
                st.image(shown, caption=label, width=presenter.image_width(width))
            else:
                st.markdown(f":material/picture_as_pdf: {label}")
    if request.image_urls:
        cols[-1].caption(
            plain(f"{len(request.image_urls)} image(s) by URL, as the download answer gave them")
        )


def verdict_card(result: ValidationResult, *, sandbox: bool) -> None:
    shown = verdict(result, sandbox=sandbox)
    with st.container(border=True):
        st.markdown(f"## :{shown.colour}[{shown.icon} {plain(shown.label)}]")
        st.markdown(plain(shown.rule.capitalize() + "."))
        cols = st.columns(2)
        cols[0].markdown(
            "**Valid proof of address:** " + plain(_documents(result.validPOA) or "none")
        )
        cols[1].markdown(
            "**Valid proof of identity:** " + plain(_documents(result.validPOI) or "none")
        )
        if result.aadhaar_type:
            st.caption(plain(f"Aadhaar type: {result.aadhaar_type}"))
        if result.undocumented_fields():
            st.warning(
                "The vendor sent fields its contract does not document: "
                + plain(", ".join(result.undocumented_fields())),
                icon=":material/difference:",
            )


def documents(result: ValidationResult, *, sandbox: bool) -> None:
    scores = result.document_scores()
    for document in scores:
        name = DOCUMENTS.get(document, document)
        codes = result.invalidDocs.get(document, [])
        with st.container(border=True):
            score = f" · mismatch score {scores[document]}" if sandbox else ""
            st.markdown(f"**{plain(name)}**{score}")
            if codes:
                for code in codes:
                    words = MISMATCH_CODES.get(code, "a code the contract does not document")
                    weight = MISMATCH_WEIGHTS.get(code) if sandbox else None
                    st.markdown(
                        f":material/error: {plain(words)} :small[{plain(code)}"
                        + (f" · weight {weight}" if weight is not None else "")
                        + "]"
                    )
            else:
                st.markdown(":material/check_circle: Every field matches")
            rows = [
                {
                    "Field": FIELD_NAMES.get(field, field),
                    "Match": "Yes" if match.matchFound else "No",
                    "Match score": match.score,
                }
                for field, match in result.fields(document).items()
            ]
            if rows:
                st.dataframe(
                    pd.DataFrame(rows).style.apply(_colour_rows, axis=1),
                    hide_index=True,
                    width="stretch",
                    column_config={
                        "Match score": st.column_config.ProgressColumn(
                            "Match score (0-100, higher is closer)",
                            min_value=0,
                            max_value=100,
                            format="%d",
                        )
                    },
                    height=(len(rows) + 1) * 35 + 3,  # every row, no inner scroll
                )
            templates = result.details.get(document, {}).get("doc_template")
            if isinstance(templates, list) and templates:
                words = ", ".join(str(t).replace("_", " ") for t in templates)
                st.caption(plain("Pages read as: " + words))


def face_match(result: ValidationResult, request: ValidationRequest) -> None:
    """Both faces side by side: the selfie and each document sent."""
    matches = {
        document: match
        for document in result.details
        if (match := result.fields(document).get("faceMatch")) is not None
    }
    if not matches or request.selfie is None:
        return
    st.markdown("#### Face match")
    cols = st.columns(1 + len(request.documents))
    selfie = picture(request.selfie.content)
    if selfie is not None:
        cols[0].image(selfie, caption="Selfie", width="stretch")
    for col, upload in zip(cols[1:], request.documents, strict=False):
        shown = picture(upload.content)
        if shown is not None:
            col.image(shown, caption=plain(upload.filename), width="stretch")
    st.markdown(
        " · ".join(
            f"{plain(DOCUMENTS.get(d, d))}: "
            + (":green[match]" if m.matchFound else ":red[no match]")
            + f" ({m.score:.0f})"
            for d, m in matches.items()
        )
    )


def masked_aadhaar(images: list[bytes]) -> None:
    if not images:
        return
    st.markdown("#### Masked Aadhaar")
    st.caption("The first 8 digits masked on the image; the vendor's link is valid 15 minutes.")
    for data in images:
        shown = picture(data)
        if shown is not None:
            st.image(shown, width=presenter.image_width(420))
        else:
            st.caption("The masked file could not be shown as an image.")


def ocr_dump(result: ValidationResult) -> None:
    if not presenter.show_qa():
        return
    for name, dump in (("OCR dump", result.ocrDump), ("Standard OCR dump", result.standardOcrDump)):
        if dump is not None:
            with st.expander(name, icon=":material/text_snippet:"):
                text = dump if isinstance(dump, str) else json.dumps(dump, indent=2)
                st.code(text, language=None, wrap_lines=True)


def _documents(names: list[str]) -> str:
    return ", ".join(DOCUMENTS.get(n, n) for n in names)


def _colour_rows(row: pd.Series) -> list[str]:
    colour = "background-color: #E7F6EC" if row["Match"] == "Yes" else "background-color: #FDECEC"
    return [colour] * len(row)
