"""Install everything the tests need and run them: the README's one test command.

    python3 scripts/test.py            (Windows: py scripts\\test.py)

1. creates ``.venv`` (``--fresh`` recreates it) and installs orggraph with its ``test`` extra;
2. makes sure a headless browser that draws Chinese is there: Playwright's own Chromium or the
   system's Chromium/Chrome/Edge; as root on Debian/Ubuntu it installs the ``chromium`` and
   ``fonts-noto-cjk`` packages, elsewhere it tries ``python -m playwright install chromium``
   and otherwise says what to install;
3. runs pytest (arguments after ``--`` go to pytest);
4. with ``--wheel``, builds the wheel, installs it (not editable) in a second fresh venv and runs
   every command once from an unrelated folder, as a user who installed the package would.

Only the standard library is used here, so it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PACKAGES = ("chromium", "fonts-noto-cjk")
# Run inside the venv: prints "ok", or the problem with the browser in one line.
BROWSER_CHECK = """
from playwright.sync_api import sync_playwright
from orggraph.browser import launch, renders_cjk
with sync_playwright() as pw:
    try:
        browser = launch(pw)
    except RuntimeError as exc:
        print(exc); raise SystemExit(0)
    print("ok" if renders_cjk(browser) else "the browser draws no Chinese: install a CJK font (Debian/Ubuntu: fonts-noto-cjk)")
    browser.close()
"""


def say(message: str) -> None:
    print(f"[test] {message}", flush=True)


def run(*command: object, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(c) for c in command], cwd=cwd, env=env, check=True)


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def make_venv(venv: Path, fresh: bool) -> Path:
    if fresh and venv.exists():
        shutil.rmtree(venv)
    if not venv_python(venv).exists():
        say(f"creating {venv}")
        run(sys.executable, "-m", "venv", venv)
        run(venv_python(venv), "-m", "pip", "install", "-q", "--upgrade", "pip")
    return venv_python(venv)


def browser_problem(python: Path) -> str | None:
    answer = subprocess.run([str(python), "-c", BROWSER_CHECK], cwd=ROOT, capture_output=True, text=True)
    lines = (answer.stdout.strip() or answer.stderr.strip() or "the browser check failed").splitlines()
    return None if lines[-1] == "ok" else lines[-1]


def is_debian_root() -> bool:
    return os.name != "nt" and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def ensure_browser(python: Path) -> None:
    problem = browser_problem(python)
    if problem is None:
        return
    say(problem)
    if is_debian_root():
        say(f"installing the Debian packages {' '.join(DEBIAN_PACKAGES)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES, env=env)
    else:
        say("trying `python -m playwright install chromium`")
        subprocess.run([str(python), "-m", "playwright", "install", "chromium"], cwd=ROOT)
    problem = browser_problem(python)
    if problem is not None:
        say(f"{problem}; the browser tests will {'fail (CI)' if os.environ.get('CI') else 'be skipped'}")


def wheel_smoke(workdir: Path) -> None:
    """Build the wheel, install it in a fresh venv and run every command from an unrelated folder."""
    dist = workdir / "dist"
    say("building the wheel")
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dist, ROOT)
    wheel = next(dist.glob("orggraph-*.whl"))
    python = make_venv(workdir / "venv", fresh=True)
    say(f"installing {wheel.name} in a fresh venv")
    run(python, "-m", "pip", "install", "-q", wheel)
    orggraph = python.parent / ("orggraph.exe" if os.name == "nt" else "orggraph")
    folder = workdir / "elsewhere"
    folder.mkdir()
    example = ROOT / "data" / "licheng-2026-task-breakdown.txt"
    revised = ROOT / "data" / "licheng-2026-revised.txt"
    registry = ROOT / "data" / "licheng-registry.csv"
    commands = [
        ["--version"],
        ["ingest", example],
        ["export", example, "--format", "cypher", "-o", folder / "graph.cypher"],
        ["export", example, "--format", "graphml", "-o", folder / "graph.graphml"],
        ["report", example, "-r", registry, "-o", folder / "report"],
        ["query", "--list"],
        ["query", "--named", "busiest_units", example],
        ["viz", example, "-o", folder / "map.html"],
        ["units", example, "-o", folder / "registry-draft.csv"],
        ["diff", example, revised, "-r", registry, "-o", folder / "diff"],
        ["load", "--help"],
    ]
    for arguments in commands:
        say("orggraph " + " ".join(str(a) for a in arguments))
        run(orggraph, *arguments, cwd=folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="recreate .venv before installing")
    parser.add_argument("--wheel", action="store_true", help="also test the built wheel in a fresh venv")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    options = parser.parse_args()

    python = make_venv(ROOT / ".venv", options.fresh)
    say("installing orggraph with its test extra")
    run(python, "-m", "pip", "install", "-q", "-e", ".[test]")
    ensure_browser(python)
    status = subprocess.run([str(python), "-m", "pytest", "-q", *options.pytest_args], cwd=ROOT).returncode
    if status == 5:
        say("no tests were collected")
        return 1
    if status == 0 and options.wheel:
        with tempfile.TemporaryDirectory(prefix="orggraph-wheel-") as workdir:
            wheel_smoke(Path(workdir))
        say("the wheel works from an unrelated folder")
    return status


if __name__ == "__main__":
    sys.exit(main())
