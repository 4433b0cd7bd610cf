"""Processing algorithms of WERTvoll: one file per algorithm, the provider in provider.py."""
