"""History's "Edit and re-send": the chosen exchange as an editable draft, sent as a new journey."""

import json

import streamlit as st

from console.core import resend
from console.core.runtime import Runtime
from console.core.text import plain
from console.registry import VENDORS

RESULT = "history.resend.result"
BY_ID = {spec.id: spec for spec in VENDORS}


def editor(rt: Runtime, exchange_id: int) -> None:
    box = st.expander(
        "Edit and re-send as a new journey",
        icon=":material/replay:",
        key="history.resend",
        on_change="rerun",
    )
    with box:
        if box.open:  # built only when open: it reads the whole exchange
            _draw(rt, exchange_id)


def _draw(rt: Runtime, exchange_id: int) -> None:
    row = rt.store.exchange(exchange_id)
    spec = BY_ID.get(row["vendor"]) if row else None
    if row is None or spec is None:
        st.info("This exchange belongs to no flow of this console: nothing to re-send.")
        return
    try:
        draft = resend.draft(row, spec)
        mode, origin = resend.destination(
            spec, rt.settings, rt.services.sandbox_url, draft.origin, draft.mode
        )
    except resend.ResendRefused as exc:
        st.info(str(exc))
        return
    st.caption(
        f"{draft.method} to the {mode} {spec.vendor} service at {origin}, with the credentials "
        "of your settings (never shown). The request as History recorded it: personal data "
        "masked, secrets redacted."
    )
    if draft.masked or draft.redacted:
        st.warning(
            "Type the real values over these before sending, or they go as shown: "
            + ", ".join([*draft.masked, *draft.redacted]),
            icon=":material/visibility_off:",
        )
    key = f"history.resend.{exchange_id}"
    with st.form(key, border=False):
        target = st.text_input("Path", draft.target, key=f"{key}.target")
        headers_text = st.text_area(
            "Headers (JSON; credentials are added when sent)",
            json.dumps(draft.headers, indent=2),
            key=f"{key}.headers",
            height=120,
        )
        retyped = {
            name: st.text_input(
                f"{name} (recorded redacted: type it again)",
                type="password",
                key=f"{key}.retype.{name}",
            )
            for name in draft.retype
        }
        body_text = st.text_area(
            "Body ("
            + ("text" if draft.text else "JSON, a form's fields" if draft.form else "JSON")
            + ")",
            draft.body_text,
            key=f"{key}.body",
            height=200,
        )
        sent = st.form_submit_button("Re-send as a new journey", icon=":material/send:")
    if sent:
        _send(rt, spec, row, draft, target, headers_text, body_text, retyped)
    result: resend.Resent | None = st.session_state.get(RESULT)
    if result is not None and result.source == exchange_id:
        _show(result)


def _send(rt, spec, row, draft, target, headers_text, body_text, retyped) -> None:
    try:
        draft.target = target.strip()
        draft.headers = resend.parse_headers(headers_text)
        draft.body = resend.parse_body(body_text, draft.form, draft.text)
        problem = resend.target_problem(draft.target)
        if problem:
            raise resend.ResendRefused(problem)
    except resend.ResendRefused as exc:
        journey_id = rt.store.new_journey(
            spec.id, rt.mode(spec), summary="re-send refused", origin="resend"
        )
        notice = rt.refuse_input(spec, journey_id, rt.mode(spec), draft.step, [str(exc)])
        rt.store.finish_journey(journey_id, "rejected")
        st.warning(f"{notice.title}: {exc}", icon=":material/block:")
        return
    try:
        with st.spinner("Sending…"):
            result = resend.send(
                draft,
                spec=spec,
                settings=rt.settings,
                sandbox_url=rt.services.sandbox_url,
                store=rt.store,
                redactor=rt.redactor,
                retyped=retyped,
                source_journey=row["journey_id"],
                source=row["id"],
            )
    except resend.ResendRefused as exc:
        st.warning(str(exc), icon=":material/block:")
        return
    st.session_state[RESULT] = result


def _open(journey_id: str) -> None:
    st.session_state.update(
        {
            "history.text": journey_id,
            "history.vendors": [],
            "history.outcomes": [],
            "history.page": 1,
            "history.journey": journey_id,
        }
    )


def _show(result: resend.Resent) -> None:
    if result.status_code is None:
        st.error(plain(result.error or "No answer."), icon=":material/error:")
    else:
        ok = 200 <= result.status_code < 300
        icon = ":material/check_circle:" if ok else ":material/warning:"
        answered = f"Answered **HTTP {result.status_code}**, as a new {result.mode} journey."
        st.markdown(f"{icon} {answered}")
        if result.body is not None:
            if isinstance(result.body, dict | list):
                st.json(result.body, expanded=3)
            else:
                st.text(str(result.body))
    st.button(
        "Show the new journey",
        key="history.resend.open",
        icon=":material/open_in_new:",
        on_click=_open,
        args=(result.journey_id,),
    )
