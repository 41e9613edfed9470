"""Reading scenarios from files and writing results safely."""
