"""Placeholder: being written."""


def parse_markdown(text: str, path: str = "<text>"):
    return None
