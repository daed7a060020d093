"""Offline simulators of the vendors' documented HTTP contracts, plus a control plane.

The sandbox is a server: nothing here imports Streamlit, the adapters or the console.
"""

from sandbox.core.app import create_app
from sandbox.core.state import SandboxState

__all__ = ["SandboxState", "create_app"]
