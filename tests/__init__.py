"""Tests mirror the code: one package per domain; shared fixtures in conftest.py and the helper modules here."""
