"""plooi sweep: one solve per combination of what-if changes (docs/sweep.md)."""
