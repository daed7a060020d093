"""Presenter mode, for demos: one sidebar toggle on every page (default: the `presenter`
setting, then kept for the browser session), larger visuals, and `show_qa()`, which the shared
views ask before drawing what only QA wants (raw exchanges, raw JSON, sandbox tools)."""

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from console.core.images import picture
from console.core.settings import PROJECT_ROOT, CoreSettings
from console.core.text import plain

KEY = "presenter.on"  # the choice; the widget's own key is dropped when a page is left
WIDGET_KEY = "presenter.toggle"
DEFAULT_LOGO = CoreSettings.model_fields["company_logo"].default
MAX_LOGO_BYTES = 2 * 1024 * 1024

# Local CSS only (nothing fetched), scoped to the main area's text: the root font size stays,
# for st.dataframe's grid scales its row height by the root's rem (read once, when a grid is
# drawn) while Streamlit sizes the grid for 35 px rows, which clipped rows. Metric values may
# wrap rather than end in an ellipsis, and grow with the window (2.8 vw: 40 px at 1440).
MARKER = "/* kyc-console presenter */"  # finds the style in a browser test
LARGER = (
    f"<style>{MARKER}"
    + """
[data-testid="stMain"] [data-testid="stMarkdownContainer"] { font-size: 1.2rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1.05rem; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMain"] button [data-testid="stMarkdownContainer"] { font-size: 1.1rem; }
[data-testid="stMain"] :is(input, textarea, [data-baseweb="select"]) { font-size: 1.15rem; }
[data-testid="stMain"] h1 { font-size: 3.1rem; }
[data-testid="stMain"] h3 { font-size: 2.1rem; }
[data-testid="stMain"] h4 { font-size: 1.75rem; }
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: min(2.6rem, 2.8vw); }
[data-testid="stMain"] [data-testid="stMetricValue"] :is(div, p) {
  font-size: inherit; white-space: normal; overflow-wrap: anywhere; text-overflow: clip;
}
[data-testid="stMain"] [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] {
  font-size: 1.05rem;
}
[data-testid="stMain"] .stButton button, [data-testid="stMain"] [data-testid="stPageLink"] a {
  min-height: 2.8rem;
}
[data-testid="stMain"] [data-testid="stTable"] :is(td, th) { font-size: 1.1rem; }
[data-testid="stAppDeployButton"] { display: none; }
</style>"""
)
IMAGE_SCALE = 1.5  # pictures drawn at a fixed width grow by this much


def on() -> bool:
    """Whether this browser session is in presenter mode."""
    return bool(st.session_state.get(KEY, False))


def show_qa() -> bool:
    """Whether to draw the parts only QA needs (raw exchanges, raw JSON, sandbox tools)."""
    return not on()


def sample_count() -> int | None:
    """How many of a list of samples to offer, the happy path first: all of them for QA (None,
    as a slice end), the first alone in presenter mode."""
    return None if show_qa() else 1


def image_width(width: int) -> int:
    """A picture's fixed width in pixels: larger in presenter mode."""
    return round(width * IMAGE_SCALE) if on() else width


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
            help="For demos: QA tools, raw exchanges, identifiers hidden; larger text, pictures.",
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


def settings_box(settings: CoreSettings, default: bool) -> None:
    """Settings' box: the company name and logo in use, the logo previewed, and the default."""
    with st.container(border=True):
        st.markdown("**Presenter mode** for demos")
        name_col, logo_col = st.columns([3, 1], vertical_alignment="center")
        name_col.markdown(f"Company name: {plain(settings.company_name)}")
        name_col.markdown(f"Logo: {plain(settings.company_logo)}")
        shown = logo(settings.company_logo)
        if shown is not None:
            logo_col.image(shown, width=96)
        else:
            logo_col.caption(
                plain(f"The logo {settings.company_logo} could not be read: the default is shown.")
            )
            if (fallback := logo(DEFAULT_LOGO)) is not None:
                logo_col.image(fallback, width=96)
        st.caption(
            f"On by default: {'yes' if default else 'no'}; the sidebar toggle changes it for this "
            "browser session. Set KYC_COMPANY_NAME, KYC_COMPANY_LOGO (a picture under the "
            "project, e.g. assets/, or an absolute path) and KYC_PRESENTER to change them."
        )
