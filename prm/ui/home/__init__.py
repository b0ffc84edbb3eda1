"""Home: the first screen — today's short lists and how the relationships are kept."""
