"""Exports for other tools: GeoJSON for GIS, iCalendar for calendars, CSV for the rest."""
