"""Readers that turn input (bytes, files, stdin) into raw text + metadata."""

from __future__ import annotations

from .text import decode_text, read_path

__all__ = ["decode_text", "read_path"]
