"""Figures (matplotlib, imported only here and only when a figure is drawn)."""
