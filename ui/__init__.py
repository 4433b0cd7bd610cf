"""Widgets of WERTvoll (main thread only)."""
