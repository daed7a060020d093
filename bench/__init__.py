"""Benchmarks that print figures: python -m bench [sandbox|rerun|cold-start]."""
