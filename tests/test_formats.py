"""The format registry: a new format is one renderer and one registration; needs are rendered once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pressrelease.formats.pdf.renderer as pdf_module
from pressrelease import RenderOptions, load
from pressrelease.build import BuildOptions, build
from pressrelease.formats import FORMATS, Format, Job, Registry
from pressrelease.formats.session import RenderSession
from pressrelease.theme import Theme

from helpers import REFERENCE, ROOT


class WordCount:
    """A throwaway format: the number of words in the release's plain text (which it declares it needs)."""

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme

    def render(self, job: Job) -> str:
        text = job.output("txt")
        assert isinstance(text, str)
        return f"{job.release.name}: {len(text.split())} words\n"


@pytest.fixture
def wordcount():  # type: ignore[no-untyped-def]
    fmt = FORMATS.register(Format("words", ".words", "word count of the text", WordCount, needs=("txt",)))
    yield fmt
    FORMATS.unregister("words")


def test_a_registered_format_builds(wordcount, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = build([REFERENCE], BuildOptions(out_dir=tmp_path, formats=("html", "words"), jobs=1))
    assert report.ok
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    stem = "2016-02-19-ipu-cambodia-mission"
    assert names == [f"{stem}.html", f"{stem}.words", "releases.json"]  # the needed txt is not written
    assert re.fullmatch(rf"{stem}: \d{{3}} words\n", (tmp_path / f"{stem}.words").read_text(encoding="utf-8"))


def test_a_second_format_with_a_taken_suffix_or_name_is_refused() -> None:
    registry = Registry()
    registry.register(Format("html", ".html", "web page", "x:Y"))
    with pytest.raises(ValueError, match="claims the suffix '.html', which 'html' writes"):
        registry.register(Format("page", ".html", "another web page", "x:Y"))
    with pytest.raises(ValueError, match="already registered"):
        registry.register(Format("html", ".htm", "again", "x:Y"))
    assert list(registry) == ["html"]


def test_needs_come_first_and_circles_are_refused() -> None:
    registry = Registry()
    registry.register(Format("a", ".a", "", "x:Y", needs=("b",)))
    registry.register(Format("b", ".b", "", "x:Y", needs=lambda options: ("c",) if options.attach_pdf else ()))
    registry.register(Format("c", ".c", "", "x:Y", needs=("a",)))
    assert registry.order(["a"], RenderOptions()) == ["b", "a"]
    with pytest.raises(ValueError, match="circle: a -> b -> c -> a"):
        registry.order(["a"], RenderOptions(attach_pdf=True))
    with pytest.raises(KeyError, match="unknown format 'd'"):
        registry.order(["d"], RenderOptions())


def test_the_attached_pdf_is_the_one_rendered_for_the_build(tmp_path: Path, monkeypatch) -> None:
    calls = []
    original = pdf_module.PdfRenderer.render

    def counting(self, job):  # type: ignore[no-untyped-def]
        calls.append(job.release.name)
        return original(self, job)

    monkeypatch.setattr(pdf_module.PdfRenderer, "render", counting)
    options = BuildOptions(out_dir=tmp_path, formats=("pdf", "eml"), render=RenderOptions(attach_pdf=True), jobs=1)
    assert build([REFERENCE], options).ok
    assert calls == ["2016-02-19-ipu-cambodia-mission"]  # once, for both the .pdf and the attachment
    from email import policy
    from email.parser import BytesParser

    stem = tmp_path / "2016-02-19-ipu-cambodia-mission"
    message = BytesParser(policy=policy.default).parsebytes(stem.with_suffix(".eml").read_bytes())
    attachment = next(message.iter_attachments())
    assert attachment.get_content() == stem.with_suffix(".pdf").read_bytes()


def test_an_email_without_the_pdf_renders_no_pdf(monkeypatch) -> None:
    monkeypatch.setattr(pdf_module.PdfRenderer, "render", lambda self, job: pytest.fail("rendered a PDF"))
    job = RenderSession(RenderOptions()).job(load(REFERENCE), ["eml"])
    assert list(job.outputs) == ["txt", "eml"]


def test_the_build_names_no_format() -> None:
    """No format is a special case in the build: it asks the registry for names, suffixes and needs."""
    for path in sorted((ROOT / "pressrelease" / "build").glob("*.py")):
        code = path.read_text(encoding="utf-8")
        if path.name == "options.py":  # DEFAULT_FORMATS, the list the command line builds by default
            code = re.sub(r"DEFAULT_FORMATS = \(.*?\)", "", code)
        for name in FORMATS:
            assert f'"{name}"' not in code and f"'{name}'" not in code, f"{path.name} names the format {name!r}"
