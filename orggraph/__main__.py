"""Run the command line as ``python -m orggraph``."""

from orggraph.cli import main

main()
