"""Find and start a headless Chromium-family browser: for map pictures, the tests and benchmarks.

The search order is Playwright's own managed Chromium (``python -m playwright install
chromium``), then the system's Chromium, Chrome or Edge at their usual places on Linux, macOS
and Windows. Playwright itself is optional: only what renders a page needs it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

__all__ = ["LAUNCH_ARGS", "INSTALL_HINT", "system_browsers", "find_browser", "launch", "renders_cjk"]

# Headless on a locked-down machine: no sandbox for root, no GPU, and no background calls home
# (a closed network refuses them, many at a time).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "no Chromium-family browser found: run `python -m playwright install chromium`, "
    "or on Debian/Ubuntu `apt-get install chromium fonts-noto-cjk`, or install Google Chrome or Microsoft Edge"
)

_LINUX_COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge")
_MAC_APPS = (
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Chromium.app/Contents/MacOS/Chromium",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
_WINDOWS_PATHS = (
    r"Google\Chrome\Application\chrome.exe",
    r"Chromium\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
)


def system_browsers() -> list[Path]:
    """Return the Chromium-family browsers installed on this system, preferred first."""
    if sys.platform == "darwin":
        roots = [Path("/Applications"), Path.home() / "Applications"]
        found = [root / app for app in _MAC_APPS for root in roots]
    elif sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
        found = [Path(root) / rel for rel in _WINDOWS_PATHS for root in roots if root]
    else:
        found = [Path(p) for p in map(shutil.which, _LINUX_COMMANDS) if p]
        found += [Path("/usr/bin/chromium"), Path("/snap/bin/chromium")]
    unique: list[Path] = []
    for path in found:
        if path.is_file() and path not in unique:
            unique.append(path)
    return unique


def find_browser(playwright: Any) -> Path | None:
    """Return the executable to launch: Playwright's managed Chromium first, else a system browser."""
    managed = Path(playwright.chromium.executable_path)
    if managed.is_file():
        return managed
    found = system_browsers()
    return found[0] if found else None


def launch(playwright: Any) -> Any:
    """Start the browser :func:`find_browser` picks, headless; raise ``RuntimeError`` with the fix when none."""
    executable = find_browser(playwright)
    if executable is None:
        raise RuntimeError(INSTALL_HINT)
    return playwright.chromium.launch(executable_path=str(executable), args=LAUNCH_ARGS)


# Two different CJK characters drawn on a canvas: with a CJK font they differ; without one
# both come out as the same empty box (or nothing), so the fonts are checked by what is drawn.
_CJK_PROBE = """() => {
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 40; c.height = 40;
    const g = c.getContext('2d'); g.font = '32px sans-serif'; g.fillText(ch, 2, 32);
    return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
  };
  const a = draw('鲤'), b = draw('城'), blank = draw(' ');
  return a !== b && a !== blank && b !== blank;
}"""


def renders_cjk(browser: Any) -> bool:
    """Tell whether ``browser`` draws Chinese characters as glyphs (a CJK font is installed)."""
    page = browser.new_page()
    try:
        return bool(page.evaluate(_CJK_PROBE))
    finally:
        page.close()
