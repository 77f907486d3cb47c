"""Presentation shared by every theme: house-style charts, accessible tables, privacy, what a notebook records."""
