"""The workbench: plooi in the browser (`plooi serve`, docs/workbench.md)."""
