"""The spreadsheet format by layer: column specs, cells, tables as read, reading, writing."""
