"""Text from a vendor or a user, made safe to show inside Streamlit Markdown.

Streamlit renders Markdown (links, images, `:material/...:` icons, `:red[...]` colours, math)
in alerts, captions and labels; a vendor message holding `![p](http://host/p.png)` made the
browser fetch that URL. Backslash-escaping every ASCII punctuation character (CommonMark allows
it for all of them) leaves only literal text."""

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def plain(text: object) -> str:
    """`text` as Markdown that renders exactly as the characters it holds."""
    return _PUNCTUATION.sub(r"\\\1", str(text)).replace("\n", "  \n")
