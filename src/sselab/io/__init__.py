"""Readers: instrument files → core objects in SI units (one module per vendor)."""
