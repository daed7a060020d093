"""Text from a vendor or a user, made safe to show inside Streamlit Markdown.

Streamlit renders Markdown (links, images, `:material/...:` icons, `:red[...]` colours, math)
in alerts, captions and labels; a vendor message holding `![p](http://host/p.png)` made the
browser fetch that URL. Backslash-escaping every ASCII punctuation character (CommonMark allows
it for all of them) leaves only literal text. GitHub-flavoured Markdown also links bare URLs
and e-mail addresses, and it finds them after escapes are resolved: a word joiner (U+2060,
invisible) right before one keeps it text."""

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"(?i)(?=https?://|www\.|@)")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """`text` as Markdown that renders exactly as the characters it holds."""
    unlinked = _AUTOLINK.sub(WORD_JOINER, str(text))
    return _PUNCTUATION.sub(r"\\\1", unlinked).replace("\n", "  \n")
