"""The command-line interface: argparse over the same core services as the app."""
