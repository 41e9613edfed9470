"""Reports: the terminal summary and the council briefing (HTML, PDF, Markdown, Excel)."""
