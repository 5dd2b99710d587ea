"""The English catalogue. Every key here has its Chinese counterpart in zh.py."""

MESSAGES: dict[str, str] = {
    "lang.name": "English",
}
