"""Presenter mode, for demos: one sidebar toggle on every page (default: the `presenter`
setting, then kept for the browser session), larger visuals, and `show_qa()`, which the shared
views ask before drawing what only QA wants (raw exchanges, raw JSON, sandbox tools)."""

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from console.core.images import picture
from console.core.settings import PROJECT_ROOT, CoreSettings

KEY = "presenter.on"  # the choice; the widget's own key is dropped when a page is left
WIDGET_KEY = "presenter.toggle"
DEFAULT_LOGO = CoreSettings.model_fields["company_logo"].default
MAX_LOGO_BYTES = 2 * 1024 * 1024

# Local CSS only (nothing fetched). Streamlit sizes its text in rem: a larger root grows text,
# widgets and spacing together; headings and figures get a little more on top.
LARGER = """<style>
html { font-size: 19px !important; }
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMain"] h4 { font-size: 1.45rem; }
[data-testid="stMetricValue"] { font-size: 2.5rem; }
[data-testid="stMain"] .stButton button, [data-testid="stMain"] [data-testid="stPageLink"] a {
  min-height: 2.8rem;
}
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.05rem; }
[data-testid="stAppDeployButton"] { display: none; }
</style>"""


def on() -> bool:
    """Whether this browser session is in presenter mode."""
    return bool(st.session_state.get(KEY, False))


def show_qa() -> bool:
    """Whether to draw the parts only QA needs (raw exchanges, raw JSON, sandbox tools)."""
    return not on()


def sidebar(default: bool) -> None:
    """The toggle (and, when on, the larger visuals). Drawn once per run: the entry point and
    the page both run the shared setup, and a second toggle would be a duplicate widget."""
    st.session_state.setdefault(KEY, default)
    try:
        st.sidebar.toggle(
            "Presenter mode",
            value=on(),
            key=WIDGET_KEY,
            on_change=lambda: st.session_state.update({KEY: st.session_state[WIDGET_KEY]}),
            help="For demos: raw exchanges and sandbox tools hidden, larger text.",
        )
    except StreamlitDuplicateElementKey:
        return
    if on():
        st.html(LARGER)


def logo(setting: str) -> bytes | None:
    """The company logo's bytes (a path under the project, e.g. assets/, or an absolute one),
    or None when the file is missing, too large or not a picture."""
    path = Path(setting).expanduser()
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    try:
        if not path.is_file() or path.stat().st_size > MAX_LOGO_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if picture(data) is not None else None
