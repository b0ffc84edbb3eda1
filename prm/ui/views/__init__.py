"""The screens shown in the main window's stack, one per file."""
