"""Modal dialogs: editors and confirmations."""
