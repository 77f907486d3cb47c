"""Regioprofiel controls: the profile has no workbook controls of its own (the session form is the learning circle's)."""

from __future__ import annotations
