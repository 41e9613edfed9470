"""Running many independent tasks (risk sample blocks, sweep solves) on any Executor."""
