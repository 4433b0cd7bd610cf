"""Robustness tests (issue 9).

A package on purpose: ``tests/robustness/conftest.py`` would otherwise be imported as the
top-level module ``conftest`` and shadow ``tests/conftest.py`` for ``from conftest import …``.
"""
