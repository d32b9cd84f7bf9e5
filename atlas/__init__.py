"""Checkpoint Atlas application core: settings, store, map building, exports (no Streamlit here except atlas.ui)."""
