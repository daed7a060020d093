"""One package per vendor: its spec (registry entry), flow logic, view and next steps."""
