"""Widgets of the main window that carry some behaviour of their own."""
