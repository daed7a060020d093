"""How a person sees a CKYC search result or downloaded record: photo, names, dates, IDs.

Every vendor value goes through `plain()`: headings, metric values and image captions are
Markdown in Streamlit, like alerts and captions."""

import pandas as pd
import streamlit as st

from console.core import presenter
from console.core.images import fetch, picture
from console.core.text import plain
from kyc_adapters.hyperverge_ckyc import ID_TYPES, CkycRecord, SearchResult

GENDERS = {"M": "Male", "F": "Female", "T": "Transgender"}


def id_label(code: str) -> str:
    """An ID type as people name it, with the vendor's code beside it for QA ("PAN (C)")."""
    name = ID_TYPES.get(code, code)
    return f"{name} ({code})" if presenter.show_qa() else name


def _id_table(result: SearchResult) -> None:
    rows = [{"ID type": id_label(i.type), "Status": i.status} for i in result.idList]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption("No IDs listed.")


def _drift(result: SearchResult) -> None:
    extra = result.undocumented_fields()
    if extra:
        st.warning(
            "The vendor sent fields its contract does not document: " + plain(", ".join(extra)),
            icon=":material/difference:",
        )


def search_card(result: SearchResult) -> None:
    with st.container(border=True):
        st.subheader(plain(result.fullName or "(no name)"), anchor=False)
        cols = st.columns(4)
        cols[0].markdown(f"**CKYC No**  \n{plain(result.ckycNo or '—')}")
        cols[1].metric("Date of birth", plain(result.dob or "—"))
        cols[2].metric("Gender", plain(GENDERS.get(result.gender, result.gender or "—")))
        cols[3].metric("Age", plain(result.age or "—"))
        kyc_date = (
            "masked by CERSAI in a search"
            if result.kycDate == SearchResult.KYC_DATE_MASK
            else result.kycDate or "—"
        )
        st.caption(
            plain(
                f"KYC date {kyc_date} · updated {result.updatedDate or '—'}"
                + (f" · CKYC ref {result.ckycRefNo}" if result.ckycRefNo else "")
            )
        )
        _id_table(result)
        _drift(result)


def record_card(record: CkycRecord) -> None:
    with st.container(border=True):
        # Presenter mode: a larger photo, and the metrics still whole beside it at 1440 px.
        photo_col, main_col = st.columns([1, 3] if presenter.show_qa() else [1, 2])
        with photo_col:
            _images(record)
        with main_col:
            st.subheader(plain(record.fullName or "(no name)"), anchor=False)
            st.caption(
                plain(
                    f"CKYC No {record.ckycNo or '—'} · ref {record.ckycRefNo or '—'} · "
                    f"{record.constitutionType or ''} · {record.accountType or ''} account"
                )
            )
            cols = st.columns(3)
            cols[0].metric("Date of birth", plain(record.dob or "—"))
            cols[1].metric("Gender", plain(GENDERS.get(record.gender, record.gender or "—")))
            cols[2].metric("Age", plain(record.age or "—"))
            cols = st.columns(3)
            cols[0].metric("Downloads", plain(record.downloadCount or "—"))
            cols[1].metric("Updates", plain(record.updateCount or "—"))
            cols[2].metric("IDs", plain(record.numIdentity or str(len(record.idList))))
            if record.residentialStatus:
                st.caption(
                    plain(
                        f"Residential status: {record.residentialStatus}"
                        + (
                            f" · foreign national ID {record.foreignNationalId}"
                            if record.foreignNationalId
                            else ""
                        )
                    )
                )
        address_col, family_col = st.columns(2)
        with address_col:
            st.markdown("**Permanent address**")
            st.markdown(plain(record.address() or "—"))
            st.markdown("**Correspondence address**")
            st.markdown(plain(record.correspondence_address() or "—"))
        with family_col:
            st.markdown("**Family**")
            st.markdown(plain(f"Father / spouse: {record.fatherFullName or '—'}"))
            st.markdown(plain(f"Mother: {record.motherFullName or '—'}"))
            st.markdown("**Contact**")
            mobile = f"+{record.mobileCode} {record.mobileNumber}" if record.mobileNumber else "—"
            st.markdown(plain(f"Mobile: {mobile} · Email: {record.email or '—'}"))
        st.markdown("**IDs in the record**")
        _id_table(record)
        st.caption(
            plain(
                f"KYC done {record.kycDate or '—'} by {record.kycName or '—'} "
                f"({record.kycDesignation or '—'}, {record.kycBranch or '—'}, "
                f"{record.orgName or '—'})"
                f" · updated {record.updatedDate or '—'} · PAN {record.pan or '—'}"
                f" · Aadhaar {record.aadhaar or '—'}"
            )
        )
        _drift(record)


def _images(record: CkycRecord) -> None:
    if not record.imageDetails:
        st.caption("No images (outputImageType not set).")
        return
    for image in record.imageDetails:
        caption = image.imageType.title() or "Image"
        source = image.content() or (fetch(image.imageUrl) if image.imageUrl else None)
        shown = picture(source) if source else None
        if shown is not None:
            st.image(shown, caption=plain(caption), width="stretch")
        else:
            st.caption(plain(f"{caption}: could not be loaded"))
