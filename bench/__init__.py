"""The site's benchmark: `.venv/bin/python bench/run.py` (see bench/README.md)."""
