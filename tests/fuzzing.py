"""Mutated release sources and what became of them: shared by tests/test_fuzz.py and benchmarks/fuzz.py.

A :class:`Case` is a seed's release file and organisation file, mutated. It is
written into a scratch folder laid out as a CI checkout would be (the
release folder inside a repository whose ``.git/config`` holds a token, an
image outside the release folder, a symbolic link pointing at it), then
loaded and rendered. :func:`run_case` says what happened:

* ``success``: load and every render succeeded, and no output holds the
  token or the outside image;
* ``located``: a documented error (:class:`~pressrelease.PressReleaseError`)
  whose every problem is one line, and is at a line >= 1 unless it is about
  the whole file (missing, unreadable, too large);
* ``other``: anything else, with a key grouping failures of one kind (the
  exception type and the innermost frame of pressrelease it passed through).
"""

from __future__ import annotations

import base64
import os
import random
import re
import shutil
import traceback
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pressrelease"
SECRET = b"ghp_FUZZSECRETTOKEN0123456789abcdefXYZ"  # what .git/config holds: no output may show it
MARKER = b"FUZZ-OUTSIDE-IMAGE-MARKER-7f3a9c"  # inside the JPEG outside the release folder
WHOLE_FILE_CODES = {"missing", "unreadable", "size"}  # problems that are rightly at 0:0
STAGES = ("load", "html", "txt", "eml", "email")


@dataclass(frozen=True)
class Seed:
    name: str
    folder: Path  # the release folder, copied (photos, logo) into each scratch folder
    release: str  # the release file's name in it

    def texts(self) -> tuple[bytes, bytes]:
        return (self.folder / self.release).read_bytes(), (self.folder / "organisation.yaml").read_bytes()


SEEDS = (
    Seed("ipu", ROOT / "releases", "2016-02-19-ipu-cambodia-mission.md"),
    Seed("riverside", ROOT / "tests" / "data" / "riverside", "2016-03-10-riverside-libraries.md"),
    Seed("issue10", ROOT / "tests" / "data" / "issue10", "2021-10-14-joint-advisory.md"),
)
SEED_BY_NAME = {seed.name: seed for seed in SEEDS}


@dataclass(frozen=True)
class Case:
    seed: str
    release: bytes
    organisation: bytes
    mutations: tuple[str, ...] = ()


@dataclass
class Outcome:
    kind: str  # "success", "located" or "other"
    stage: str = ""  # where it ended (the stage that raised, or the last one)
    key: str = ""  # for "other": what groups failures of one kind
    detail: str = ""
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


# -- the scratch folder ------------------------------------------------------


def _outside_jpeg() -> bytes:
    data = (ROOT / "tests" / "data" / "riverside" / "library.jpg").read_bytes()
    comment = b"\xff\xfe" + (len(MARKER) + 2).to_bytes(2, "big") + MARKER
    return data[:2] + comment + data[2:]


def write_case(case: Case, scratch: Path) -> Path:
    """Lay ``case`` out under ``scratch`` (emptied first); the release file's path."""
    seed = SEED_BY_NAME[case.seed]
    if scratch.exists():
        shutil.rmtree(scratch)
    (scratch / ".git").mkdir(parents=True)
    (scratch / ".git" / "config").write_bytes(b"[http]\n\textraheader = AUTHORIZATION: basic " + SECRET + b"\n")
    (scratch / ".git" / "secret.jpg").write_bytes(_outside_jpeg())
    (scratch / "outside.jpg").write_bytes(_outside_jpeg())
    folder = scratch / "rel"
    shutil.copytree(seed.folder, folder, ignore=lambda d, names: [n for n in names if n.endswith((".md", ".yaml"))])
    (folder / "link.jpg").symlink_to("../outside.jpg")
    (folder / "organisation.yaml").write_bytes(case.organisation)
    path = folder / seed.release
    path.write_bytes(case.release)
    return path


# -- running one case --------------------------------------------------------


def _project_frame(exc: BaseException) -> str:
    """The innermost frame of pressrelease the exception passed through, as 'module.py:function'."""
    where = "outside pressrelease"
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(str(PACKAGE)):
            where = f"{Path(frame.filename).relative_to(ROOT)}:{frame.name}"
    return where


def _unlocated(exc: BaseException) -> str:
    """Why a documented error is not a located one ('' when it is)."""
    from pressrelease import PressReleaseError, TemplateError

    if not isinstance(exc, PressReleaseError):
        return "not a documented error"
    if isinstance(exc, TemplateError):
        return "a template failed (the source is not at fault where it points)"
    for problem in exc.problems:
        text = str(problem)
        if "\n" in text or "\r" in text or "Traceback (most recent" in text or 'File "' in text:
            return f"a message of more than one line or with a traceback (code {problem.code or '-'})"
        if problem.code == "internal":
            return "an internal error reported as a problem"
        if problem.line < 1 and problem.code not in WHOLE_FILE_CODES:
            return f"a problem at {problem.line}:{problem.col} (code {problem.code or '-'})"
    return ""


def classify(exc: BaseException, stage: str) -> Outcome:
    """The outcome of ``exc`` raised in ``stage``."""
    reason = _unlocated(exc)
    problems = [str(p) for p in getattr(exc, "problems", ())][:20] if hasattr(exc, "problems") else []
    if not reason:
        return Outcome("located", stage, problems=problems)
    name = type(exc).__name__
    if reason == "not a documented error":
        key = f"{name} at {_project_frame(exc)} [{stage}]"
    else:
        codes = sorted({getattr(p, "code", "") or "-" for p in getattr(exc, "problems", ())})
        key = f"{name}: {reason} [{stage}; codes {','.join(codes)}]"
    detail = f"{name}: {exc}"[:2000]
    if reason == "not a documented error":
        detail += "\n" + "".join(traceback.format_exception(exc)[-8:])[-4000:]
    return Outcome("other", stage, key, detail, problems=problems)


def _needles() -> dict[str, list[bytes]]:
    """What a leaked file looks like in an output: raw, or base64 at any of the three alignments."""
    found: dict[str, list[bytes]] = {}
    for name, secret in (("the token in .git/config", SECRET), ("the image outside the folder", MARKER)):
        found[name] = [secret] + [base64.b64encode(b"\0" * k + secret)[4:-4] for k in range(3)]
    return found


def _inflated(data: bytes) -> bytes:
    """A PDF with its Flate streams inflated (an attached or embedded file is compressed)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() : match.end() + 30_000_000], 50_000_000))
        except zlib.error:
            continue
    return b"".join(parts)


def leak(fmt: str, output: bytes) -> str:
    """Which outside file ``output`` holds ('' when none)."""
    if fmt == "pdf":
        output = _inflated(output)
    flat = output.replace(b"\r\n", b"").replace(b"\n", b"")
    for name, needles in _needles().items():
        if any(n in output or n in flat for n in needles):
            return name
    return ""


def _as_bytes(value: object) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, bytes):
        return value
    return value.as_bytes()  # type: ignore[attr-defined, no-any-return]


def _render(stage: str, release: object) -> bytes:
    import pressrelease

    if stage == "email":
        return _as_bytes(pressrelease.render_email(release))  # type: ignore[arg-type]
    return _as_bytes(pressrelease.render(release, stage))  # type: ignore[arg-type]


def run_case(case: Case, scratch: Path, *, pdf: bool = False, on_stage=None) -> Outcome:  # type: ignore[no-untyped-def]
    """Load ``case`` and render it in every format (PDF only when asked); what happened."""
    import pressrelease

    path = write_case(case, scratch)
    stage, release = "load", None
    try:
        for stage in (*STAGES, "pdf") if pdf else STAGES:
            if on_stage is not None:
                on_stage(stage)
            if stage == "load":
                release = pressrelease.load(path)
                continue
            what = leak(stage, _render(stage, release))
            if what:
                return Outcome("other", stage, f"leak: {what} in the {stage} output [{stage}]", what)
    except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 (that is the point)
        return classify(exc, stage)
    return Outcome("success", stage)


def decoded(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def scratch_folder(base: Path, name: str) -> Path:
    base.mkdir(parents=True, exist_ok=True)
    return base / f"{name}-{os.getpid()}"


def rng_for(seed: int, index: int) -> random.Random:
    return random.Random(f"pressrelease-fuzz:{seed}:{index}")
