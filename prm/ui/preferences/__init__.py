"""Edit > Preferences (Ctrl+,): one dialog, a page per subject, OK applies and Cancel changes nothing."""
