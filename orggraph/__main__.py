"""Run the command line as ``python -m orggraph``."""

from orggraph.cli import app

app(prog_name="orggraph")
