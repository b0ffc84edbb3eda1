"""Reusable widgets shared by views and dialogs."""
