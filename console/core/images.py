"""Pictures from a vendor: decoded defensively, fetched by the console (never the browser)."""

import io

import httpx
import streamlit as st
from PIL import Image

MAX_IMAGE_BYTES = 6 * 1024 * 1024


def picture(data: bytes) -> Image.Image | None:
    """The image, or None when the bytes are not one (a vendor can send anything)."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return image


@st.cache_data(ttl=600, show_spinner=False, max_entries=64)
def fetch(url: str) -> bytes | None:
    """An image a vendor links to, fetched here because the browser may not reach the URL:
    only http(s), at most 6 MB, and only what says it is an image."""
    if httpx.URL(url).scheme not in ("http", "https"):
        return None
    try:
        with httpx.stream("GET", url, timeout=10) as response:
            if not response.is_success:
                return None
            if not response.headers.get("content-type", "").startswith("image/"):
                return None
            data = b""
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > MAX_IMAGE_BYTES:
                    return None
            return data
    except httpx.HTTPError:
        return None
