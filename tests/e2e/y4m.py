"""A still picture as a YUV4MPEG2 video, for Chromium's fake camera in the browser tests.

Chromium plays the file given by ``--use-file-for-fake-video-capture=<path>.y4m`` (with
``--use-fake-device-for-media-stream``) in a loop as the camera. Its reader
(media/capture/video/file_video_capture_device.cc) takes 4:2:0 only (``C420``, ``C420jpeg``,
``C420mpeg2``, ``C420paldv``), looks for the first ``FRAME`` within the first 200 bytes, and
expects every frame to be exactly ``FRAME\\n`` and the three planes (no frame parameters).

The picture is centred on a neutral grey, as a laptop camera sees a document held up to it:
``fill`` of the frame's width (three quarters by default), less if it would be too tall.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

BACKGROUND = (118, 118, 114)
_FRAME = b"FRAME\n"

# Chromium hands a file's frames on with no colour space, read as BT.601 limited ("studio")
# range; PIL's YCbCr is the JPEG one (BT.601, full range), so the planes are rescaled to it.
_Y_SCALE, _C_SCALE = 219 / 255, 224 / 255


def compose(
    image: Image.Image | Path,
    *,
    width: int = 1280,
    height: int = 720,
    fill: float = 0.75,
    max_height: float = 0.9,
) -> Image.Image:
    """The camera's view: the picture scaled to ``fill`` of the width and centred."""
    picture = Image.open(image) if isinstance(image, Path) else image
    picture = picture.convert("RGB")
    scale = min(width * fill / picture.width, height * max_height / picture.height)
    size = (round(picture.width * scale), round(picture.height * scale))
    frame = Image.new("RGB", (width, height), BACKGROUND)
    frame.paste(
        picture.resize(size, Image.Resampling.LANCZOS),
        ((width - size[0]) // 2, (height - size[1]) // 2),
    )
    return frame


def write_y4m(
    image: Image.Image | Path,
    path: Path,
    *,
    width: int = 1280,
    height: int = 720,
    frames: int = 30,
    fps: int = 15,
    fill: float = 0.75,
) -> Path:
    """Write ``frames`` identical 4:2:0 frames of the composed picture to ``path``."""
    if width % 2 or height % 2:
        raise ValueError(f"4:2:0 needs an even width and height, not {width}x{height}")
    if frames < 1 or fps < 1:
        raise ValueError("at least one frame, at least one frame a second")
    frame = compose(image, width=width, height=height, fill=fill)
    y, cb, cr = (np.asarray(plane, dtype=np.float32) for plane in frame.convert("YCbCr").split())
    planes = [16 + y * _Y_SCALE]
    for chroma in (cb, cr):
        # Each chroma sample the mean of a 2x2 block, centred between them (C420jpeg's siting).
        half = chroma.reshape(height // 2, 2, width // 2, 2).mean(axis=(1, 3))
        planes.append(128 + (half - 128) * _C_SCALE)
    data = b"".join(np.clip(np.rint(p), 0, 255).astype(np.uint8).tobytes() for p in planes)
    header = f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(header)
        for _ in range(frames):
            out.write(_FRAME)
            out.write(data)
    return path


def read_y4m_frame(path: Path, index: int = 0) -> Image.Image:
    """Frame ``index`` of a file :func:`write_y4m` wrote, back to RGB (as Chromium shows it)."""
    with path.open("rb") as source:
        header = source.readline().decode("ascii").split()
        if header[0] != "YUV4MPEG2":
            raise ValueError(f"{path} is not a YUV4MPEG2 file")
        tags = {token[0]: token[1:] for token in header[1:]}
        width, height = int(tags["W"]), int(tags["H"])
        if not tags.get("C", "420").startswith("420"):
            raise ValueError(f"{path}: only 4:2:0 is read, not C{tags['C']}")
        size = width * height + 2 * (width // 2) * (height // 2)
        source.seek(index * (len(_FRAME) + size), 1)
        if source.read(len(_FRAME)) != _FRAME:
            raise ValueError(f"{path}: no frame {index}")
        data = np.frombuffer(source.read(size), dtype=np.uint8).astype(np.float32)
    y = data[: width * height].reshape(height, width)
    quarter = (width // 2) * (height // 2)
    chroma = [
        data[width * height + n * quarter : width * height + (n + 1) * quarter]
        .reshape(height // 2, width // 2)
        .repeat(2, axis=0)
        .repeat(2, axis=1)
        for n in (0, 1)
    ]
    full = [(y - 16) / _Y_SCALE] + [(c - 128) / _C_SCALE + 128 for c in chroma]
    planes = [Image.fromarray(np.clip(np.rint(p), 0, 255).astype(np.uint8)) for p in full]
    return Image.merge("YCbCr", planes).convert("RGB")
