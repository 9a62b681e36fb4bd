"""XBlocks and plugin app of the Kemenag Digital Learning Center."""

__version__ = "0.1.0"
