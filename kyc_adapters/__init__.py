"""Vendor clients: httpx + pydantic, no Streamlit. Errors: see kyc_adapters.errors."""
