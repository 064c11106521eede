"""The site's own pages (index, listings, press kit) take the labels the site owner's organisation file
overrides under ``labels:``, as its release pages do."""

from __future__ import annotations

import shutil
from pathlib import Path

from pressrelease.build import BuildOptions, build

DATA = Path(__file__).parent / "data" / "press-kit"


def test_the_site_pages_take_the_organisation_s_labels(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(DATA, source)
    organisation = source / "organisation.yaml"
    organisation.write_text(organisation.read_text("utf-8") + "labels:\n  en:\n    press_kit: Media resources\n"
                            "    tel: \"Phone:\"\n  fr:\n    press_kit: Espace presse\n", "utf-8")
    out = tmp_path / "out"
    report = build([source], BuildOptions(out_dir=out, formats=("html", "site"), jobs=1))
    assert report.ok, report.all_problems
    site = out / "site"
    index = (site / "index.html").read_text("utf-8")
    kit = (site / "press-kit" / "index.html").read_text("utf-8")
    french = (site / "languages" / "fr" / "press-kit" / "index.html").read_text("utf-8")
    release = (site / "releases" / "2024-05-02-lakeside-new-filter" / "index.html").read_text("utf-8")
    assert ">Media resources</a>" in index and ">Media resources</a>" in release
    assert "<h1>Media resources</h1>" in kit or ">Media resources<" in kit.split("<main", 1)[1]
    assert "Phone:" in kit  # the contact block, as the release prints it
    assert ">Espace presse<" in french
    assert ">Press kit<" not in index and ">Press kit<" not in kit
