"""The e-KYC Now sandbox's own picture: drawn again byte for byte by its script, and read back
by the shared vision module as the watch list's first entry, with her selfie's face."""

import subprocess
import sys
from pathlib import Path

from sandbox.core import vision
from tests.helpers import ROOT
from tests.sandbox.messagecentral_doc import STRANGER_SELFIE, WATCHLISTED_ID, WATCHLISTED_NAME


def test_the_card_is_drawn_again_byte_for_byte(tmp_path: Path) -> None:
    script = ROOT / "assets" / "messagecentral" / "draw.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, cwd=ROOT)
    assert (tmp_path / "watchlisted-id.jpg").read_bytes() == WATCHLISTED_ID.read_bytes()


def test_the_card_reads_as_the_watch_listed_person() -> None:
    card = vision.Reader().page(WATCHLISTED_ID.read_bytes())
    assert card.text.contains(WATCHLISTED_NAME)
    assert card.text.contains("14/03/1971")  # her date of birth on the list, 1971-03-14
    assert card.text.contains("FICTIONAL PERSON - NOT A VALID DOCUMENT")
    selfie = vision.face(STRANGER_SELFIE.read_bytes())
    assert card.face is not None and selfie is not None
    assert vision.same_person(card.face, selfie)
