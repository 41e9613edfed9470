"""The plooi commands; cli.py assembles them into one typer app."""
