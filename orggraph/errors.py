"""Exceptions orggraph raises. The CLI turns each into one line and exit code 2."""

from __future__ import annotations

__all__ = ["OrggraphError", "IngestError", "NoTableFound", "SchemaError", "UnknownNameError", "QueryError", "StoreUnavailable", "PictureUnavailable"]


class OrggraphError(Exception):
    """Base of every error caused by input, configuration or an unreachable service."""


class IngestError(OrggraphError):
    """A document cannot be read: missing, empty, corrupt, unsupported or without a table.

    The message starts with the file name so the CLI can print it as it is.
    """

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NoTableFound(IngestError):
    """A document was read but holds nothing of its format's kind; another format may still read it."""


class SchemaError(OrggraphError):
    """A registry or option names something the graph model does not allow."""


class UnknownNameError(SchemaError):
    """A unit or leader name given by the user names nothing in the graph.

    ``suggestions`` holds the graph's names closest to it (possibly none); the message lists
    them, and ``hint`` says more when there is more to say (a collective's member, say).
    """

    def __init__(self, name: str, what: str, suggestions: tuple[str, ...] = (), hint: str = "") -> None:
        self.name = name
        self.what = what
        self.suggestions = tuple(suggestions)
        if suggestions:
            tail = f"; did you mean {'、'.join(suggestions)}?"
        else:
            tail = "; no close match (check the spelling, the registry or the jurisdiction)"
        super().__init__(f"no {what} named {name!r}{'; ' + hint if hint else ''}{tail}")


class QueryError(OrggraphError):
    """A Cypher query is invalid, refused (writes without --write) or failed on the engine."""


class StoreUnavailable(OrggraphError):
    """A graph store cannot be reached or refuses the credentials."""


class PictureUnavailable(OrggraphError):
    """No Playwright or no Chromium-family browser to draw a picture of a map with."""
