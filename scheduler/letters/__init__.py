"""The resident letter (bewonersbrief): what happens in your street, when and why."""
