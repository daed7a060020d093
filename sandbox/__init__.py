"""Offline simulators of the vendors' documented HTTP contracts, plus a control plane.

The sandbox is a server: nothing here imports Streamlit, the adapters or the console.
"""

from sandbox.app import create_app
from sandbox.state import SandboxState

__all__ = ["SandboxState", "create_app"]
