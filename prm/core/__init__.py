"""The PRM domain: storage and services. Never imports Qt (a test enforces it)."""
