"""Workbooks and guides for the Dutch programme "Een thuis voor iedereen"."""

__version__ = "0.1.0"
