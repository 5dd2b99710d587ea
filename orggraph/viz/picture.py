"""A picture of a written map for documents: the page opened in headless Chromium, saved as PNG.

The page draws the picture itself (its "save picture" button does the same), at three times
the screen's resolution; this module only opens it, offline, and writes the bytes. It needs
Playwright and a Chromium-family browser (see :mod:`orggraph.browser` for where it looks).
"""

from __future__ import annotations

import base64
from pathlib import Path

from orggraph.errors import PictureUnavailable

__all__ = ["PictureUnavailable", "write_png", "PRINT_SCALE"]

#: Pixels of the picture per pixel on screen: a 1,330-pixel-wide map prints about 11 cm wide at 300 dpi.
PRINT_SCALE = 3


def write_png(html_path: str | Path, png_path: str | Path, *, width: int = 1600, height: int = 1000,
              scale: int = PRINT_SCALE) -> tuple[Path, int, int]:
    """Open the map ``html_path`` in a ``width`` × ``height`` window and write its picture to ``png_path``.

    Returns
    -------
    tuple
        (the file written, picture width, picture height) in pixels.

    Raises
    ------
    PictureUnavailable
        Playwright is not installed or no Chromium can be started.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PictureUnavailable("Playwright is not installed") from None
    html_path, png_path = Path(html_path).resolve(), Path(png_path)
    from orggraph.browser import launch

    try:
        with sync_playwright() as pw:
            try:
                browser = launch(pw)
            except RuntimeError as exc:
                raise PictureUnavailable(str(exc)) from None
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                           else route.abort())
                page.goto(html_path.as_uri())
                page.wait_for_function("window.orggraphMap && window.orggraphMap.drawn", timeout=120_000)
                url = page.evaluate(f"() => window.orggraphMap.exportPng({int(scale)})")
                size = page.evaluate("() => [document.getElementById('mynetwork').clientWidth,"
                                     " document.getElementById('mynetwork').clientHeight]")
            finally:
                browser.close()
    except Error as exc:
        raise PictureUnavailable(f"Chromium could not draw the map: {str(exc).splitlines()[0]}") from None
    png_path.parent.mkdir(parents=True, exist_ok=True)
    png_path.write_bytes(base64.b64decode(url.split(",", 1)[1]))
    return png_path, round(size[0] * scale), round(size[1] * scale)
