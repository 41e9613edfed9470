"""Benchmarks of plooi: city scale, the hand method and PSPLIB (see README.md)."""
