"""PRM: an offline-first personal relationship manager for independent consultants."""

APP_NAME = "PRM"
APP_ID = "prm"
__version__ = "0.1.0"
