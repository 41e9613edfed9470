"""Text for people: the formatters every message and report shares (nl and en)."""
