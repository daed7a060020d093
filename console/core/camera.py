"""A still photo from the user: the live camera (streamlit-webrtc, with a frame guide and a
snapshot), Streamlit's own camera input, or an upload, as Settings chooses.

The live stream runs over WebRTC between the browser and this process on the same machine: no
ICE servers (streamlit-webrtc's default asks a public STUN server, which an offline demo cannot
reach, and loopback needs none). Its frame callback runs on another thread and must not touch
`st.*`: it keeps the latest frame in a `FrameHolder` (one per widget and session, kept in the
session state), and the Take photo click reads it from the script thread.
"""

import io
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import streamlit as st
from PIL import Image

from console.core import presenter
from console.core.images import picture

Source = Literal["live", "snapshot", "upload"]
SOURCES: dict[str, str] = {
    "live": "Live camera (stream, frame guide, snapshot)",
    "snapshot": "Browser camera (Streamlit's camera input)",
    "upload": "Upload a photo",
}
SOURCE_KEY = "settings.camera"  # this browser session's choice, over KYC_CAMERA
NO_ICE_SERVERS = {"iceServers": []}
MAX_UPLOAD_MB = 8
BLANK_STD = 4.0  # pixel standard deviation under which a frame is one colour


@dataclass(frozen=True)
class Guide:
    """Where the user should hold the subject: a box of this aspect ratio (width / height)
    covering `fill` of the frame's width, or an oval for a face."""

    aspect: float
    fill: float = 0.8
    oval: bool = False
    hint: str = ""


PASSPORT_PAGE = Guide(aspect=125 / 88, hint="Hold the passport's photo page inside the frame")
ID_CARD = Guide(aspect=85.6 / 54, hint="Hold the card inside the frame, text upright")
FACE = Guide(aspect=3 / 4, fill=0.42, oval=True, hint="Face the camera inside the oval")


class FrameHolder:
    """The newest frame from the stream, shared between the media thread and the script."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frame: np.ndarray | None = None
        self.frames = 0

    def keep(self, rgb: np.ndarray) -> None:
        with self._lock:
            self._frame = rgb
            self.frames += 1

    def latest(self) -> np.ndarray | None:
        with self._lock:
            return None if self._frame is None else self._frame.copy()


def guide_box(width: int, height: int, guide: Guide) -> tuple[int, int, int, int]:
    """The guide's (left, top, right, bottom) in a frame of this size, centred."""
    box_w = min(width * guide.fill, height * 0.9 * guide.aspect)
    box_h = box_w / guide.aspect
    left, top = (width - box_w) / 2, (height - box_h) / 2
    return round(left), round(top), round(left + box_w), round(top + box_h)


def draw_guide(rgb: np.ndarray, guide: Guide) -> np.ndarray:
    """The frame the user sees: outside the guide dimmed, the guide's edge drawn."""
    import cv2  # only the live camera needs it (60 ms to import)

    height, width = rgb.shape[:2]
    left, top, right, bottom = guide_box(width, height, guide)
    mask = np.zeros((height, width), dtype=np.uint8)
    centre, axes = (
        ((left + right) // 2, (top + bottom) // 2),
        ((right - left) // 2, (bottom - top) // 2),
    )
    if guide.oval:
        cv2.ellipse(mask, centre, axes, 0, 0, 360, 255, -1)
    else:
        cv2.rectangle(mask, (left, top), (right, bottom), 255, -1)
    shown = (rgb * 0.45).astype(np.uint8)
    np.copyto(shown, rgb, where=mask[..., None].astype(bool))
    colour, thickness = (46, 204, 113), max(2, width // 320)
    if guide.oval:
        cv2.ellipse(shown, centre, axes, 0, 0, 360, colour, thickness)
    else:
        cv2.rectangle(shown, (left, top), (right, bottom), colour, thickness)
    return shown


def is_blank(rgb: np.ndarray) -> bool:
    """One colour all over (a camera not started yet sends black frames)."""
    return float(rgb.std()) < BLANK_STD


def jpeg(rgb: np.ndarray, quality: int = 90) -> bytes:
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "JPEG", quality=quality)
    return out.getvalue()


def source(configured: Source) -> Source:
    """This session's camera choice (Settings), else the configured one."""
    return st.session_state.get(SOURCE_KEY) or configured


def photo_input(
    key: str,
    label: str,
    guide: Guide,
    way: Source,
    on_refused: Callable[[str], None] = lambda why: None,
) -> bytes | None:
    """The photo taken for `key` (kept across reruns until Retake), or None while none is.

    Bytes that are not a JPEG or PNG picture are refused in a sentence (and `on_refused` is
    told why, for the history), never kept."""
    taken = f"{key}.photo"
    if (photo := st.session_state.get(taken)) is not None:
        return photo
    if way == "upload":
        upload = st.file_uploader(
            label, type=["jpg", "jpeg", "png"], key=f"{key}.upload", max_upload_size=MAX_UPLOAD_MB
        )
        photo = upload.getvalue() if upload is not None else None
    elif way == "snapshot":
        shot = st.camera_input(label, key=f"{key}.camera", help=guide.hint)
        photo = shot.getvalue() if shot is not None else None
    else:
        photo = _live(key, label, guide)
    if photo is None:
        return None
    image = picture(photo)
    why = None
    if image is None:
        why = f"{label}: the file is not a JPEG or PNG picture"
    elif is_blank(np.asarray(image.convert("L").resize((64, 64)))):
        why = f"{label}: the photo is blank (one colour; was the camera ready?)"
    if why:
        st.error(f"{why}. Choose a photo, or take one.", icon=":material/broken_image:")
        if st.session_state.get(f"{key}.refused") != hash(photo):  # once, not every rerun
            st.session_state[f"{key}.refused"] = hash(photo)
            on_refused(why)
        return None
    st.session_state[taken] = photo
    st.rerun()
    return None


def photo_step(
    key: str,
    label: str,
    guide: Guide,
    way: Source,
    specimens: Mapping[str, Callable[[], bytes]],
    *,
    on_retake: Callable[[], None] = lambda: None,
    on_refused: Callable[[str], None] = lambda why: None,
) -> bytes | None:
    """A photo for `key`: taken, uploaded or one of `specimens` (label -> its bytes); once
    there is one, shown small with a Retake button."""
    photo = st.session_state.get(f"{key}.photo")
    if photo is None:
        photo = photo_input(key, label, guide, way, on_refused)
        if specimens:
            st.caption("Or use a specimen:")
            for col, (name, load) in zip(
                st.columns(len(specimens)), specimens.items(), strict=True
            ):
                if col.button(name, key=f"{key}.sample.{name}", icon=":material/image:"):
                    st.session_state[f"{key}.photo"] = load()
                    st.rerun()
        return photo
    st.image(thumbnail(photo), caption=label, width=presenter.image_width(360))
    if st.button("Retake", key=f"{key}.retake", icon=":material/replay:"):
        retake(key)
        on_retake()
        st.rerun()
    return photo


def thumbnail(data: bytes, width: int = 480) -> bytes:
    """A smaller JPEG of a photo for the page (the vendor gets the original)."""
    image = picture(data)
    if image is None:
        return data
    image = image.convert("RGB")
    image.thumbnail((width, width))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def retake(key: str) -> None:
    """Forget the photo taken for `key`, the widget that took it and the stream's last frame
    (else the next snapshot could be the last person's)."""
    for suffix in ("photo", "upload", "camera", "holder", "refused"):
        st.session_state.pop(f"{key}.{suffix}", None)


def _live(key: str, label: str, guide: Guide) -> bytes | None:
    from streamlit_webrtc import WebRtcMode, webrtc_streamer  # aiortc: ~0.4 s to import

    holder: FrameHolder = st.session_state.setdefault(f"{key}.holder", FrameHolder())

    def on_frame(frame):  # the media thread: no st.* here
        rgb = frame.to_ndarray(format="rgb24")
        holder.keep(rgb)
        shown = frame.from_ndarray(draw_guide(rgb, guide), format="rgb24")
        shown.pts, shown.time_base = frame.pts, frame.time_base
        return shown

    stream_col, action_col = st.columns([3, 2], vertical_alignment="center")
    with stream_col:
        ctx = webrtc_streamer(
            key=f"{key}.stream",
            mode=WebRtcMode.SENDRECV,
            rtc_configuration=NO_ICE_SERVERS,
            media_stream_constraints={
                "video": {"width": {"ideal": 1280}, "height": {"ideal": 720}},
                "audio": False,
            },
            video_frame_callback=on_frame,
            async_processing=True,
            # No player controls over the picture: they would hide the document's lower lines.
            video_html_attrs={
                "style": {"width": "100%"},
                "controls": False,
                "autoPlay": True,
                "muted": True,
                "disablePictureInPicture": True,
            },
            translations={"start": "Start camera", "stop": "Stop camera"},
        )
    playing = bool(ctx.state.playing)
    with action_col:
        st.markdown(f"**{label}**")
        st.caption(f"{guide.hint}, then Take photo." if playing else "Press Start camera first.")
        if not st.button(
            "Take photo",
            key=f"{key}.snap",
            icon=":material/photo_camera:",
            type="primary",
            disabled=not playing,
            width="stretch",
        ):
            return None
        frame = holder.latest()
        if frame is None or is_blank(frame):
            st.warning(
                "No picture from the camera yet (the frame is blank): wait until the picture "
                "shows, then take it again.",
                icon=":material/hourglass_empty:",
            )
            return None
        return jpeg(frame)
    return None
