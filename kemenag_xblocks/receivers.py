"""Receivers of openedx-events signals, wired by the plugin app's signals config."""
