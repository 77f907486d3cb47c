"""Regioprofiel schema: the theme reads the core tables (gemeenten, regio-indeling) and has no tables of its own."""

from __future__ import annotations

TABLES: tuple = ()
CHECKS: tuple = ()
