"""Fuzz every reader: mutated files through ``orggraph ingest --json``, each in its own bounded process.

Seeded, so a run is repeatable: ``python benchmarks/fuzz_readers.py --files 2000 --seed 8``.
Valid tables in every layout are written, then mutated (bit flips, truncation, zip members
mutated or repacked, giant spans and dimensions, hostile cells, other encodings). Each file
is read by ``orggraph ingest --json`` in a forked child process (orggraph imported once,
before forking) under a 1 GB address-space cap and a 10 s CPU limit, two at a time; CPU
time, not the wall clock, because the machine may be shared. The run reports:

- tracebacks (a Python traceback or an "internal error" on stderr, or an exit code other than 0/2);
- runs over the time limit, and runs over the memory limit (killed, or refused for lack of memory);
- for every file read, whether ``rows_read == tasks + rows_skipped`` per document.

Failing inputs are kept in ``--keep`` (default ``fuzz-failures/``) to be replayed by hand.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from orggraph.generate import generate_result, write_table  # noqa: E402

TIME_LIMIT = 10.0
FAILURES = ("traceback", "slow", "memory", "unbalanced", "masked")
MEMORY_LIMIT = 1 << 30
LAYOUTS = ("txt", "md", "labelled", "csv", "docx", "xlsx")
SUFFIX = {"txt": ".txt", "md": ".md", "labelled": ".txt", "csv": ".csv", "docx": ".docx", "xlsx": ".xlsx"}

HOSTILE_CELLS = [
    " " * 60_000,
    "\t" * 30_000,
    "1" * 5_000,
    "区发改局区财政局" * 550,
    "区发改局、" * 3_000,
    "=HYPERLINK(\"http://x\",\"x\")",
    "+1+1",
    "-2",
    "@SUM(A1)",
    "（" * 20_000,
    "|" * 20_000,
    "-" * 20_000,
    "#" * 20_000,
    "*" * 20_000,
    "<br>" * 10_000,
    "\u202e\u200b\ufeff\x0b\x0c",
    "一、" * 5_000,
    "1." + " " * 50_000 + "x",
    "牵头单位：" + "区" * 50_000,
    "\\|" * 10_000,
]


def _base_files(folder: Path) -> dict[str, bytes]:
    """One valid table per layout, with sections and merges, as bytes."""
    result = generate_result(tasks=25, units=30, leaders=5, sections=3, seed=8)
    files: dict[str, bytes] = {}
    for layout in LAYOUTS:
        path = write_table(result, folder / f"base-{layout}{SUFFIX[layout]}", layout)
        files[layout] = path.read_bytes()
    files["example"] = (ROOT / "data" / "licheng-2026-task-breakdown.txt").read_bytes()
    return files


# --- mutations: each takes (rng, layout, data) and returns (data, suffix-or-None) ---------------


def bit_flips(rng: random.Random, layout: str, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 2, 8, 64))):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def truncation(rng: random.Random, layout: str, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def byte_splice(rng: random.Random, layout: str, data: bytes) -> bytes:
    i, j = sorted(rng.randrange(len(data)) for _ in range(2))
    k = rng.randrange(len(data))
    return data[:k] + data[i:j] + data[k:]


def _text_of(layout: str, data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


def hostile_cell(rng: random.Random, layout: str, data: bytes) -> bytes:
    """Put a hostile value where a cell's text is (text layouts; zip layouts via their XML)."""
    cell = rng.choice(HOSTILE_CELLS)
    if layout in ("docx", "xlsx"):
        return _mutate_member(rng, layout, data, lambda xml: _replace_text(rng, xml, cell))
    text = _text_of(layout, data)
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    if line:
        j = rng.randrange(len(line) + 1)
        lines[i] = line[:j] + cell + line[j:]
    else:
        lines[i] = cell
    return "\n".join(lines).encode("utf-8")


def encoding_change(rng: random.Random, layout: str, data: bytes) -> bytes:
    if layout in ("docx", "xlsx"):
        return bit_flips(rng, layout, data)
    text = _text_of(layout, data)
    choice = rng.randrange(6)
    if choice == 0:
        return text.encode("gb18030")
    if choice == 1:
        return text.encode("utf-16")
    if choice == 2:
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if choice == 3:  # a few undecodable bytes in valid UTF-8
        raw = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 3)):
            raw.insert(rng.randrange(len(raw)), rng.choice((0xFF, 0xFE, 0xC0, 0x80)))
        return bytes(raw)
    if choice == 4:  # a few undecodable bytes in valid GBK
        raw = bytearray(text.encode("gb18030"))
        raw.insert(rng.randrange(len(raw)), 0xFF)
        return bytes(raw)
    return text.encode("big5", errors="replace")


def _replace_text(rng: random.Random, xml: bytes, value: str) -> bytes:
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")
    spots = [m.span(1) for m in re.finditer(rb"<(?:w:t|t)(?: [^>]*)?>([^<]*)</(?:w:t|t)>", xml)]
    if not spots:
        return xml
    start, end = rng.choice(spots)
    return xml[:start] + escaped + xml[end:]


def _attribute_attack(rng: random.Random, layout: str, xml: bytes) -> bytes:
    """Giant spans, merges and coordinates, junk numbers where numbers belong."""
    huge = rng.choice((b"100000", b"16384", b"2147483647", b"99999999999999999999", b"-5", b"abc", b"1" * 5000))
    if layout == "docx":
        attacks = [
            (rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="' + huge + b'"/>'),
            (rb"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="' + huge + b'"/></w:trPr>'),
            (rb"<w:tcPr>", b'<w:tcPr><w:vMerge/>'),
            (rb"<w:tcPr>", b'<w:tcPr><w:hMerge/>'),
            (rb"<w:tbl>", b"<w:tbl><w:tbl>"),
        ]
    else:
        attacks = [
            (rb'<c r="[A-Z]+[0-9]+"', rng.choice((b'<c r="XFD1048576"', b'<c r="GR100000"', b'<c r="A0"', b'<c r="zz"'))),
            (rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"'),
            (rb'<mergeCell ref="[^"]*"', rng.choice((b'<mergeCell ref="A1:XFD1048576"', b'<mergeCell ref="A1:B999999"', b'<mergeCell ref="junk"'))),
            (rb' s="[0-9]+"', b' s="' + huge + b'"'),
            (rb'sheetId="[0-9]+"', b'sheetId="' + huge + b'"'),
            (rb' t="s"', b' t="n"'),
            (rb' t="[a-z]+"', b' t="e"'),
            (rb"<v>[0-9]+</v>", b"<v>" + huge + b"</v>"),
        ]
    pattern, replacement = rng.choice(attacks)
    matches = list(re.finditer(pattern, xml))
    if not matches:
        return xml
    m = rng.choice(matches)
    return xml[: m.start()] + replacement + xml[m.end() :]


def _mutate_member(rng: random.Random, layout: str, data: bytes, change: Callable[[bytes], bytes], name: str | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    xml_names = [n for n in names if n.endswith(".xml") or n.endswith(".rels")]
    main = [n for n in xml_names if n in ("word/document.xml",) or n.startswith("xl/worksheets/") or n == "xl/workbook.xml"]
    target = name or rng.choice(main if main and rng.random() < 0.8 else xml_names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for n in names:
            body = source.read(n)
            if n == target:
                body = change(body)
            dest.writestr(n, body)
    return out.getvalue()


def zip_member(rng: random.Random, layout: str, data: bytes) -> bytes:
    """Mutate one member of a .docx/.xlsx package (text layouts: a byte splice)."""
    if layout not in ("docx", "xlsx"):
        return byte_splice(rng, layout, data)
    kind = rng.randrange(5)
    if kind == 0:
        return _mutate_member(rng, layout, data, lambda b: bit_flips(rng, layout, b) if b else b)
    if kind == 1:
        return _mutate_member(rng, layout, data, lambda b: b[: rng.randrange(len(b) + 1)])
    if kind == 2:
        return _mutate_member(rng, layout, data, lambda b: _attribute_attack(rng, layout, b))
    if kind == 3:  # a member deleted
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
        gone = rng.choice(names)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
            for n in names:
                if n != gone:
                    dest.writestr(n, source.read(n))
        return out.getvalue()
    return _repack(rng, data)


def _repack(rng: random.Random, data: bytes) -> bytes:
    """Unusual packing: another compression method, or a method number Office never uses."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    method = rng.choice((zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, "bogus"))
    with zipfile.ZipFile(out, "w") as dest:
        for n in source.namelist():
            dest.writestr(n, source.read(n), compress_type=zipfile.ZIP_STORED if method == "bogus" else method)
    packed = bytearray(out.getvalue())
    if method == "bogus":  # patch the method field of every local and central header
        for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            for m in re.finditer(re.escape(sig), bytes(packed)):
                packed[m.start() + offset : m.start() + offset + 2] = (99).to_bytes(2, "little")
    return bytes(packed)


def giant(rng: random.Random, layout: str, data: bytes) -> bytes:
    """Giant spans and dimensions (zip layouts), or a bomb; for text layouts a huge table."""
    if layout in ("docx", "xlsx"):
        if rng.random() < 0.15:  # a zip bomb: one member inflating to 300 MB
            return _bomb(layout, data)
        return _mutate_member(
            rng, layout, data, lambda b: _attribute_attack(rng, layout, b),
            "word/document.xml" if layout == "docx" else "xl/worksheets/sheet1.xml",
        )
    text = _text_of(layout, data)
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    return "\n".join(lines[:i] + [lines[i]] * rng.choice((1000, 20_000)) + lines[i:]).encode("utf-8")


_BOMB_CACHE: dict[str, bytes] = {}


def _bomb(layout: str, data: bytes) -> bytes:
    if layout not in _BOMB_CACHE:
        name = "word/document.xml" if layout == "docx" else "xl/worksheets/sheet1.xml"
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dest:
            for n in source.namelist():
                body = source.read(n)
                if n == name:
                    body = body.replace(b"</w:body>" if layout == "docx" else b"</sheetData>",
                                        b" " * (300 << 20) + (b"</w:body>" if layout == "docx" else b"</sheetData>"), 1)
                dest.writestr(n, body)
        _BOMB_CACHE[layout] = out.getvalue()
    return _BOMB_CACHE[layout]


MUTATIONS: dict[str, Callable[[random.Random, str, bytes], bytes]] = {
    "bit_flips": bit_flips,
    "truncation": truncation,
    "zip_member": zip_member,
    "giant": giant,
    "hostile_cell": hostile_cell,
    "encoding": encoding_change,
}


# --- running ------------------------------------------------------------------------------------


def _child(path: Path, out: Path, err: Path) -> None:
    """In a forked child: cap memory and CPU, run ``orggraph ingest --json`` in-process, exit."""
    from orggraph.cli import app

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (int(TIME_LIMIT), int(TIME_LIMIT) + 1))
    for fd, target in ((1, out), (2, err)):
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(handle, fd)
        os.close(handle)
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), encoding="utf-8")
    sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), encoding="utf-8")
    code = 0
    try:
        app(["ingest", str(path), "--json"], prog_name="orggraph")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def run_all(paths: list[Path], workers: int, report: Callable[[Path, dict], None]) -> None:
    """Run every file in a forked child of this process (orggraph already imported), ``workers`` at once.

    Forking skips the interpreter start and imports (about 0.4 s a run). A child is killed
    after TIME_LIMIT s of CPU (its own limit) or, as a backstop on a loaded machine, after
    six times that on the wall clock.
    """
    import orggraph.cli  # noqa: F401  (import once, before forking)
    import orggraph.ingest.docx  # noqa: F401
    import orggraph.ingest.xlsx  # noqa: F401
    import openpyxl  # noqa: F401
    import charset_normalizer  # noqa: F401

    pending = list(paths)
    running: dict[int, tuple[Path, Path, Path, float]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="orggraph-fuzz-out-"))
    while pending or running:
        while pending and len(running) < workers:
            path = pending.pop(0)
            out, err = scratch / f"{path.name}.out", scratch / f"{path.name}.err"
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _child(path, out, err)
            running[pid] = (path, out, err, time.monotonic())
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            for child, (path, _, _, started) in running.items():
                if time.monotonic() - started > 6 * TIME_LIMIT:
                    os.kill(child, 9)
            time.sleep(0.01)
            continue
        path, out, err, started = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        report(path, {
            "code": code,
            "wall": time.monotonic() - started,
            "cpu": cpu,
            "rss_mb": usage.ru_maxrss / 1024,
            "timed_out": code in (-9, -24) or cpu > TIME_LIMIT,  # SIGKILL (wall backstop), SIGXCPU
            "stdout": out.read_bytes(),
            "stderr": err.read_bytes().decode("utf-8", errors="replace"),
        })
        out.unlink()
        err.unlink()
    shutil.rmtree(scratch, ignore_errors=True)


def classify(run: dict) -> tuple[str, str]:
    """(outcome, detail): read, refused, traceback, slow, memory, unbalanced, masked.

    ``masked`` is a refusal where a reader raised an exception type it does not expect and the
    last-resort guard turned it into the one line: no traceback for the user, but a gap to close.
    """
    stderr = run["stderr"]
    if run["timed_out"]:
        return "slow", f"over {TIME_LIMIT:.0f} s of CPU ({run['cpu']:.1f} s)"
    if "not enough memory" in stderr or "MemoryError" in stderr or run["rss_mb"] > MEMORY_LIMIT / (1 << 20):
        return "memory", stderr.strip()[-200:]
    if "Traceback" in stderr or "internal error" in stderr or run["code"] not in (0, 2):
        return "traceback", stderr.strip()[-400:] or f"exit {run['code']}"
    if run["code"] == 2:
        lines = stderr.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("orggraph: "):
            return "traceback", f"not one line: {stderr[:300]}"
        if "the file is malformed (" in lines[0]:  # a reader raised a type it does not expect
            return "masked", lines[0]
        return "refused", lines[0]
    data = json.loads(run["stdout"])
    for doc in data["documents"]:
        tasks = sum(1 for t in data["tasks"] if t["document"] == doc["id"])
        skipped = sum(w.get("rows_skipped", 0) for w in data["warnings"] if w["document"] == doc["id"])
        if tasks + skipped != doc["rows_read"]:
            return "unbalanced", f"rows_read {doc['rows_read']} != {tasks} tasks + {skipped} skipped"
    return "read", ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args()

    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="orggraph-fuzz-"))
    bases = _base_files(work)
    cases: list[tuple[str, str, Path]] = []
    started = time.monotonic()
    for n in range(args.files):
        layout = rng.choice([*LAYOUTS, "example"])
        mutation = rng.choice(list(MUTATIONS))
        suffix = SUFFIX.get(layout, ".txt")
        data = MUTATIONS[mutation](rng, layout if layout != "example" else "txt", bases[layout])
        path = work / f"{n:05d}-{layout}-{mutation}{suffix}"
        path.write_bytes(data)
        cases.append((layout, mutation, path))
    print(f"{len(cases)} files made in {time.monotonic() - started:.0f} s; running {args.workers} at a time", flush=True)

    outcomes: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str, str]] = Counter()
    failures: list[tuple[Path, str, str]] = []
    refusals: Counter[str] = Counter()
    cpu_total = 0.0
    worst = {"cpu": 0.0, "rss_mb": 0.0}

    kinds = {path: (layout, mutation) for layout, mutation, path in cases}

    def record(path: Path, run: dict) -> None:
        nonlocal cpu_total
        layout, mutation = kinds[path]
        outcome, detail = classify(run)
        outcomes[outcome] += 1
        by_kind[(layout, mutation, outcome)] += 1
        cpu_total += run["cpu"]
        worst["cpu"] = max(worst["cpu"], run["cpu"])
        worst["rss_mb"] = max(worst["rss_mb"], run["rss_mb"])
        if outcome == "refused":
            refusals[re.sub(r"^orggraph: [^:]*: ", "", detail)[:60]] += 1
        if outcome in FAILURES:
            failures.append((path, outcome, detail))
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, args.keep / path.name)
            print(f"{outcome}: {path.name}: {detail.strip().splitlines()[-1] if detail.strip() else ''}", flush=True)
        done = sum(outcomes.values())
        if done % 200 == 0:
            print(f"  {done}/{len(cases)} {dict(outcomes)}", flush=True)

    run_all([path for _, _, path in cases], args.workers, record)
    shutil.rmtree(work, ignore_errors=True)

    print(f"\n{len(cases)} files, seed {args.seed}, {time.monotonic() - started:.0f} s wall, {cpu_total:.0f} s CPU")
    for outcome in ("read", "refused", *FAILURES):
        print(f"  {outcome:10} {outcomes[outcome]}")
    print("most frequent refusals:")
    for message, count in refusals.most_common(12):
        print(f"  {count:5} {message}")
    print(f"  slowest run {worst['cpu']:.1f} s CPU; largest {worst['rss_mb']:.0f} MB resident")
    print("by layout and mutation (read/refused):")
    for layout in [*LAYOUTS, "example"]:
        row = [f"{m}={by_kind[(layout, m, 'read')]}/{by_kind[(layout, m, 'refused')]}" for m in MUTATIONS]
        print(f"  {layout:9} " + " ".join(row))
    if failures:
        print(f"{len(failures)} failures kept in {args.keep}/")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
