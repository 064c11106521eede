"""The editors' JSON Schemas: made from the field tables, shipped as generated, and agreeing with the readers.

Documents are read as an editor's YAML 1.2 reader (yaml-language-server)
reads them: ``2016-02-19`` stays text, ``yes`` is text, ``70`` a number.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import ROOT, need_tool
from pressrelease.cli import main
from pressrelease.errors import SourceError
from pressrelease.source import fields
from pressrelease.source import jsonschema as generator
from pressrelease.source.fields import TABLES
from pressrelease.source.loader import Loader

DATA = ROOT / "tests" / "data"
EXAMPLES = DATA / "schema"


# -- reading YAML as yaml-language-server does ---------------------------------------------------------


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema's implicit types: no timestamps, no yes/no booleans,
    no sexagesimal or leading-zero octal numbers."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


def _core_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = loader.construct_scalar(node)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _core_int)


def load12(text: str) -> object:
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 -- a SafeLoader subclass


def test_the_yaml_12_loader_reads_as_an_editor_does() -> None:
    document = load12("a: 2016-02-19\nb: yes\nc: 0041229194158\nd: 12:30\ne: true\nf:\ng: 0o17\nh: 1.5\n")
    assert document == {"a": "2016-02-19", "b": "yes", "c": 41229194158, "d": "12:30", "e": True, "f": None,
                        "g": 15, "h": 1.5}


# -- the documents ----------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_YAML_BLOCK = re.compile(r"^```(?:yaml|markdown)[ \t]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
#: A whole release source in a block: its front matter is the example.
_SOURCE = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=\S*?(release|organisation)\.schema\.json")


def front_matter(path: Path) -> str:
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path} has no front matter"
    return match.group(1)


def kind_of_block(text: str) -> str | None:
    """Which schema a YAML block of the docs is an example of: its modeline says, else its keys; None for
    other YAML (a CI workflow, a pre-commit configuration)."""
    named = _MODELINE.search(text)
    if named:
        return named.group(1)
    document = load12(text)
    if not isinstance(document, dict) or not document:
        return None
    if "headline" in document:
        return "release"
    if set(document) <= set(fields.ORGANISATION_FIELDS):
        return "organisation"
    return None


def doc_examples() -> list[tuple[str, str, dict]]:
    """(where, schema, document) of every release or organisation example in the docs and the README."""
    found = []
    for path in sorted([*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]):
        text = path.read_text(encoding="utf-8")
        for match in _YAML_BLOCK.finditer(text):
            source = _SOURCE.match(match.group(1))
            if match.group(0).startswith("```markdown") and source is None:
                continue  # Markdown that is not a release source
            block = source.group(1) if source else match.group(1)
            kind = kind_of_block(block)
            if kind is None:
                continue
            document = load12(block)
            if kind == "organisation" and "name" not in document:  # a fragment (style:, lint:) of one
                document = {"name": "Placeholder", **document}
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{path.relative_to(ROOT)}:{line}", kind, document))
    return found


def file_examples() -> list[tuple[str, str, dict]]:
    """(where, schema, document) of every release and organisation file under tests/data and releases/."""
    found = []
    for folder in (DATA, ROOT / "releases"):
        for path in sorted(folder.rglob("*.md")):
            found.append((str(path.relative_to(ROOT)), "release", load12(front_matter(path))))
        for path in sorted(folder.rglob("organisation*.yaml")):
            found.append((str(path.relative_to(ROOT)), "organisation", load12(path.read_text(encoding="utf-8"))))
    return found


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((generator.SCHEMA_FOLDER / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, document: object) -> list[str]:
    return [f"{'.'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
            for error in validator(name).iter_errors(document)]


# -- the shipped files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", generator.SCHEMAS)
def test_the_shipped_schema_is_the_generated_one(name: str) -> None:
    shipped = (generator.SCHEMA_FOLDER / f"{name}.schema.json").read_bytes()
    assert shipped == generator.schema_text(name).encode("utf-8"), (
        "regenerate: python -m pressrelease.source.jsonschema")


@pytest.mark.parametrize("name", generator.SCHEMAS)
def test_the_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = generator.schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)  # its patterns compile, as format "regex" checks
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_field_tuples_are_the_tables_keys() -> None:
    for table, name in [("release", "RELEASE_FIELDS"), ("dateline", "DATELINE_FIELDS"), ("photo", "PHOTO_FIELDS"),
                        ("contact", "CONTACT_FIELDS"), ("phone", "PHONE_FIELDS"), ("event", "EVENT_FIELDS"),
                        ("organisation", "ORGANISATION_FIELDS"), ("partner", "PARTNER_FIELDS"),
                        ("lint", "LINT_FIELDS"), ("style", "STYLE_FIELDS"), ("font", "FONT_FIELDS"),
                        ("site", "SITE_FIELDS"), ("organisation_override", "ORGANISATION_OVERRIDE_FIELDS"),
                        ("press_kit", "PRESS_KIT_FIELDS"), ("fact", "FACT_FIELDS"), ("person", "PERSON_FIELDS"),
                        ("asset", "ASSET_FIELDS"), ("colour", "COLOUR_FIELDS")]:
        assert getattr(fields, name) == tuple(TABLES[table]), name
    assert fields.RELEASE_REQUIRED == ("headline",)
    assert set(TABLES["organisation_override"]) == set(TABLES["organisation"]) - {"site", "press_kit"}  # one per file


def test_every_field_of_every_table_is_in_the_schemas() -> None:
    text = generator.schema_text("release") + generator.schema_text("organisation")
    schemas = [generator.schema("release"), generator.schema("organisation")]
    for name, table in TABLES.items():
        described = next(s["$defs"].get(name) for s in schemas if name in s.get("$defs", {})) if name not in (
            "release", "organisation") else schemas[name == "organisation"]
        assert list(described["properties"]) == list(table), name
        assert described["additionalProperties"] is False
        for key, field in table.items():
            assert field.description and json.dumps(field.description, ensure_ascii=True)[1:-1] in text, key


def test_the_copied_private_rules_are_the_rules() -> None:
    from pressrelease.i18n import languages
    from pressrelease import rules

    assert generator.PHONE_PATTERN == rules._PHONE.pattern
    assert generator.ZONE_PATTERN == rules._IANA_ZONE.pattern
    assert generator.LANGUAGE_PATTERN == languages._TAG.pattern


def test_a_line_is_what_the_readers_take_as_one_line() -> None:
    from pressrelease.rules import CONTROL, LINE_BREAK

    line = re.compile(generator.LINE)
    for code in [*range(0x3000), 0xFEFF, 0x1F600]:
        text = f"a{chr(code)}b"
        assert bool(line.search(text)) == (not CONTROL.search(text) and not LINE_BREAK.search(text)), hex(code)
    assert line.search("\nstripped line\n") and not line.search("two\nlines")


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


PATTERNS = sorted({p for name in generator.SCHEMAS for p in _patterns(generator.schema(name))})
SAMPLES = ["", "a", "2016-02-19", "2016-02-19 10:00 Europe/Zurich", "2016-02-19T10:00+01:00", "2016-02-19 10:00",
           "2019-11", "#1f4e79", "#abc", "red", "press@example.org", ".a@b.org", "a..b@x.org", "+41 22 919 41 58",
           "1234", "555 1234 ext 12", "https://www.example.org", "www.example.org", "Europe/Zurich", "en-GB",
           "english", "{CITY}, {date} –", "{date} {date}", "{city}", "two\nlines", "\nline\n", "a\u2028b",
           "tab\there", "Communiqué", "x.yaml", "/etc/x.yaml", "a-slug-1", "Not A Slug", "Brand Sans 3",
           "ab\x85", "é" * 3]


def test_the_patterns_use_syntax_ecma_262_reads_alike() -> None:
    python_only = re.compile(r"\(\?P|\\[AZz]|\(\?[aiLmsux]|\(\?#")  # named groups, anchors, flags, comments
    for pattern in PATTERNS:
        assert not python_only.search(pattern), pattern


def test_the_patterns_match_alike_in_javascript() -> None:
    need_tool("node")
    script = ("const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(patterns.map(p => { const r = new RegExp(p, 'u');"
              " return samples.map(s => r.test(s)); })));")
    result = subprocess.run(["node", "-e", script], input=json.dumps([PATTERNS, SAMPLES]), capture_output=True,
                            text=True, timeout=60, check=True)
    in_javascript = json.loads(result.stdout)
    for pattern, matches in zip(PATTERNS, in_javascript, strict=True):
        assert matches == [bool(re.search(pattern, sample)) for sample in SAMPLES], pattern
    # Not compared: a text ending in a line feed, which Python's $ takes and JavaScript's does not (a value
    # from a block scalar; editors then say what the readers, which strip it, would not).


# -- every example passes, every broken document fails ----------------------------------------------------


def test_the_examples_are_found() -> None:
    kinds = [kind for _, kind, _ in doc_examples() + file_examples()]
    assert kinds.count("release") >= 5 and kinds.count("organisation") >= 4
    assert not [where for where, kind, _ in doc_examples() if "ci.md" in where and kind == "release"]


@pytest.mark.parametrize(("where", "name", "document"), doc_examples() + file_examples(),
                         ids=lambda value: value if isinstance(value, str) and "/" in value else "")
def test_every_example_passes_its_schema(where: str, name: str, document: dict) -> None:
    assert errors(name, document) == [], where


def _walk(value: object, descriptor: tuple, used: set[tuple[str, str]]) -> None:
    """Record (table, key) for every field ``value`` gives, following the tables' type descriptors."""
    kind = descriptor[0]
    if kind == "mapping" and isinstance(value, dict):
        table = TABLES[descriptor[1]]
        for key, item in value.items():
            used.add((descriptor[1], key))
            if key in table:
                _walk(item, table[key].type, used)
    elif kind in ("list", "one_or_list") and isinstance(value, list):
        for item in value:
            _walk(item, descriptor[1], used)
    elif kind == "one_or_list":
        _walk(value, descriptor[1], used)
    elif kind == "either":
        for option in descriptor[1:]:
            _walk(value, option, used)


def test_the_schema_examples_use_every_field() -> None:
    used: set[tuple[str, str]] = set()
    for path in sorted(EXAMPLES.glob("*.md")):
        _walk(load12(front_matter(path)), ("mapping", "release"), used)
    _walk(load12((EXAMPLES / "organisation.yaml").read_text(encoding="utf-8")), ("mapping", "organisation"), used)
    wanted = {(name, key) for name, table in TABLES.items() if name != "organisation_override" for key in table}
    assert sorted(wanted - used) == []


BROKEN_RELEASES = {
    "unknown field": "headline: A\nembargo: 2016-02-19\nheadlin: B\n",
    "no headline": "dateline: {city: Geneva, date: 2016-02-19}\n",
    "neither dateline nor embargo": "headline: A\n",
    "a month that is not one": "headline: A\ndateline: {date: 2016-13-01}\n",
    "a date that is not one": "headline: A\ndateline: {date: 2016-02-30}\nembargo: 2016-02-30\n",
    "a date in words": "headline: A\ndateline: {date: 19 February 2016}\n",
    "an embargo without zone": "headline: A\nembargo: 2016-02-19 10:00\n",
    "a headline on two lines": 'headline: "A\\nB"\nembargo: 2016-02-19\n',
    "a headline with a control character": 'headline: "A\\u0007B"\nembargo: 2016-02-19\n',
    "a label that is a number": "headline: A\nembargo: 2016-02-19\nlabel: [1]\n",
    "a subheadline mapping": "headline: A\nembargo: 2016-02-19\nsubheadline: {a: b}\n",
    "a slug with spaces": "headline: A\nembargo: 2016-02-19\nslug: Not A Slug\n",
    "tags as one text": "headline: A\nembargo: 2016-02-19\ntags: news\n",
    "a language name": "headline: A\nembargo: 2016-02-19\nlanguage: english\n",
    "a colour by name": "headline: A\nembargo: 2016-02-19\nstyle: {accent_colour: red}\n",
    "an unquoted colour (a comment: null)": "headline: A\nembargo: 2016-02-19\nstyle:\n  accent_colour: #1f4e79\n",
    "a yes for a boolean": "headline: A\nembargo: 2016-02-19\nstyle: {release_line: yes}\n",
    "an unknown dateline style": "headline: A\nembargo: 2016-02-19\nstyle: {dateline: middle}\n",
    "a dateline format without date": "headline: A\nembargo: 2016-02-19\nstyle: {dateline_format: '{city}'}\n",
    "a dateline format with two dates": "headline: A\nembargo: 2016-02-19\nstyle: {dateline_format: '{date} {date}'}\n",
    "an unknown section": "headline: A\nembargo: 2016-02-19\nstyle: {sections: [body]}\n",
    "an embargo zone with a space": "headline: A\nembargo: 2016-02-19\nstyle: {embargo_zones: [New York]}\n",
    "a font weight of 450": "headline: A\nembargo: 2016-02-19\nstyle: {fonts: [{file: a.ttf, weight: 450}]}\n",
    "a contact without name": "headline: A\nembargo: 2016-02-19\ncontacts: [{email: a@example.org}]\n",
    "a contact email with a display name": "headline: A\nembargo: 2016-02-19\ncontacts: [{name: A, email: A <a@example.org>}]\n",
    "a contact email with two dots": "headline: A\nembargo: 2016-02-19\ncontacts: [{name: A, email: a..b@example.org}]\n",
    "a phone in words": "headline: A\nembargo: 2016-02-19\ncontacts: [{name: A, phones: call me}]\n",
    "a phone of four digits": "headline: A\nembargo: 2016-02-19\ncontacts: [{name: A, phones: ['1234']}]\n",
    "a phone mapping not in a list": "headline: A\nembargo: 2016-02-19\ncontacts: [{name: A, phones: {number: '+41 22 919 41 58'}}]\n",
    "a phone mapping without number": "headline: A\nembargo: 2016-02-19\ncontacts: [{name: A, phones: [{note: x}]}]\n",
    "a photo without file": "headline: A\nembargo: 2016-02-19\nphotos: [{alt: A picture}]\n",
    "an absolute organisation path": "headline: A\nembargo: 2016-02-19\norganisation: /etc/organisation.yaml\n",
    "an organisation that is not YAML": "headline: A\nembargo: 2016-02-19\norganisation: organisation.txt\n",
    "an unknown organisation override": "headline: A\nembargo: 2016-02-19\norganisation: {colour: red}\n",
    "a partner without name": "headline: A\nembargo: 2016-02-19\npartners: [{website: https://a.example}]\n",
    "a partner with an organisation-only field": "headline: A\nembargo: 2016-02-19\npartners: [{name: B, timezone: UTC}]\n",
    "an event without start": "headline: A\nembargo: 2016-02-19\nevent: {title: T}\n",
    "an event start without zone": "headline: A\nembargo: 2016-02-19\nevent: {title: T, start: 2017-05-09 10:00}\n",
    "an event online that is not a web address": "headline: A\nembargo: 2016-02-19\nevent: {title: T, start: 2017-05-09, online: ftp://a}\n",
    "an empty dateline mapping": "headline: A\ndateline:\n",
}
BROKEN_ORGANISATIONS = {
    "no name": "website: https://www.example.org\n",
    "a release field": "name: A\nheadline: B\n",
    "a website without scheme": "name: A\nwebsite: www.example.org\n",
    "an email with a display name": "name: A\nemail: Press <press@example.org>\n",
    "a time zone with a space": "name: A\ntimezone: Central European\n",
    "an unknown style field": "name: A\nstyle: {colour: red}\n",
    "an unknown label": "name: A\nlabels: {en: {kind_of: x}}\n",
    "a language name as labels' key": "name: A\nlabels: {english: {kind: x}}\n",
    "a negative lint threshold": "name: A\nlint: {headline_max: -3}\n",
    "a lint threshold in words": "name: A\nlint: {headline_max: seventy}\n",
    "an unknown lint rule": "name: A\nlint: {disable: [no-such-rule]}\n",
    "contacts as one mapping": "name: A\ncontacts: {name: B}\n",
}


@pytest.mark.parametrize(("name", "why", "text"), [("release", why, text) for why, text in BROKEN_RELEASES.items()]
                         + [("organisation", why, text) for why, text in BROKEN_ORGANISATIONS.items()],
                         ids=lambda value: value if isinstance(value, str) and " " in value else None)
def test_a_broken_document_fails_its_schema(name: str, why: str, text: str) -> None:
    assert errors(name, load12(text)), why


def test_a_minimal_release_and_organisation_pass() -> None:
    assert errors("release", load12("headline: A\ndateline: {city: Geneva, date: 2016-02-19}\n")) == []
    assert errors("release", load12("headline: A\nembargo: 2021-10-14\nsubheadline:\nphotos:\n")) == []
    assert errors("organisation", load12("name: A\n")) == []


# -- the readers take every field the schemas offer --------------------------------------------------------


def _unknown(problems: list) -> list[str]:
    return [f"{p.line}: {p.message} ({p.hint})" for p in problems
            if p.code in ("unknown-field", "key") or "did you mean" in p.hint]


def _problems(load: object, path: Path) -> list:
    try:
        load(path)  # type: ignore[operator]
    except SourceError as exc:
        return list(exc.problems)
    return []


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.md")), ids=lambda path: path.name)
def test_the_loader_knows_every_field_of_the_release_examples(path: Path, tmp_path: Path) -> None:
    # Next to a plain organisation file, so only the release's own fields are judged here. A field the readers
    # do not read yet (before issue 10's readers land) may crash them or be skipped unseen.
    shutil.copy(path, tmp_path / path.name)
    (tmp_path / "organisation.yaml").write_text("name: Example\n", encoding="utf-8")
    assert _unknown(_problems(Loader().load, tmp_path / path.name)) == []


def test_the_loader_knows_every_field_of_the_organisation_example() -> None:
    assert _unknown(_problems(Loader().organisation, EXAMPLES / "organisation.yaml")) == []


# -- pressrelease schema ---------------------------------------------------------------------------------


class Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(("argv", "name"), [([], "release"), (["release"], "release"),
                                             (["organisation"], "organisation")])
def test_the_command_prints_the_shipped_schema(argv: list[str], name: str) -> None:
    out, err = Out(), Out()
    assert main(["schema", *argv], out=out, err=err) == 0, err.text  # type: ignore[arg-type]
    assert out.text == (generator.SCHEMA_FOLDER / f"{name}.schema.json").read_text(encoding="utf-8")


def test_the_command_writes_the_schema_to_a_file(tmp_path: Path) -> None:
    out, err = Out(), Out()
    target = tmp_path / ".vscode" / "release.schema.json"
    assert main(["schema", "release", "--out", str(target)], out=out, err=err) == 0  # type: ignore[arg-type]
    assert json.loads(target.read_text(encoding="utf-8")) == generator.schema("release")
    assert "wrote" in out.text


def test_the_command_refuses_an_unknown_document_and_an_unwritable_file(tmp_path: Path) -> None:
    out, err = Out(), Out()
    assert main(["schema", "press"], out=out, err=err) == 2  # type: ignore[arg-type]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["schema", "--out", str(tmp_path / "file" / "x.json")], out=out, err=err) == 1  # type: ignore[arg-type]
    assert "cannot write" in err.text and "Traceback" not in err.text


def test_a_font_family_is_what_the_readers_take() -> None:
    from pressrelease.rules import FONT_FAMILY

    family = re.compile(generator.FONT_FAMILY_PATTERN)
    for code in range(0x3000):
        ch = chr(code)
        if code < 0xA0:
            assert bool(family.fullmatch(ch)) == bool(FONT_FAMILY.fullmatch(ch)), hex(code)
        elif FONT_FAMILY.fullmatch(ch):
            assert family.fullmatch(ch), hex(code)


def test_a_draft_7_reader_gives_the_same_verdicts() -> None:
    """yaml-language-server validates with draft 7 whatever ``$schema`` says: the schemas use no keyword that
    draft 7 reads otherwise (``$defs`` is reached by a plain JSON pointer)."""
    documents = [(name, document) for _, name, document in doc_examples() + file_examples()]
    documents += [("release", load12(text)) for text in BROKEN_RELEASES.values()]
    documents += [("organisation", load12(text)) for text in BROKEN_ORGANISATIONS.values()]
    draft7 = {name: jsonschema.Draft7Validator({**generator.schema(name), "$schema": "http://json-schema.org/draft-07/schema#"},
                                               format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
              for name in generator.SCHEMAS}
    for name, document in documents:
        assert draft7[name].is_valid(document) == (not errors(name, document)), document


# -- what VS Code's YAML support says (run when node can load yaml-language-server, e.g. with NODE_PATH set) ----

_YLS = r"""
const { getLanguageService } = require('yaml-language-server');
const { TextDocument } = require('vscode-languageserver-textdocument');
const fs = require('fs');
const [schemas, documents] = JSON.parse(fs.readFileSync(0, 'utf8'));
const uri = (name) => `file:///schemas/${name}.schema.json`;
const ls = getLanguageService({ workspaceContext: { resolveRelativePath: (relative) => relative },
  schemaRequestService: async (address) => schemas[address.match(/([a-z]+)\.schema\.json$/)[1]] });
ls.configure({ validate: true, schemas: Object.keys(schemas).map(name => ({ uri: uri(name),
  fileMatch: [`*.${name}.yaml`] })) });
(async () => {
  const found = [];
  for (const [index, [name, text]] of documents.entries()) {
    const doc = TextDocument.create(`file:///document-${index}.${name}.yaml`, 'yaml', 1, text);
    found.push((await ls.doValidation(doc, false)).map(d => d.message));
  }
  console.log(JSON.stringify(found));
})();
"""
#: Broken documents the editor takes: it checks a date's form, not the calendar (check reports 30 February).
EDITOR_MISSES = {"a date that is not one"}


def _editor_can_run() -> bool:
    if shutil.which("node") is None:
        return False
    found = subprocess.run(["node", "-e", "require.resolve('yaml-language-server');"
                            "require.resolve('vscode-languageserver-textdocument')"], capture_output=True)
    return found.returncode == 0


def test_the_editor_gives_the_same_verdicts() -> None:
    if not _editor_can_run():
        message = ("needs node and the npm packages yaml-language-server and vscode-languageserver-textdocument "
                   "(on NODE_PATH)")
        if os.environ.get("PRESSRELEASE_REQUIRE_TOOLS") == "1":
            pytest.fail(message + ", which .ci/run installs")
        pytest.skip(message)
    cases = [(f"example {where}", name, json.dumps(document), True)
             for where, name, document in doc_examples() + file_examples()]
    cases += [(why, "release", text, why in EDITOR_MISSES) for why, text in BROKEN_RELEASES.items()]
    cases += [(why, "organisation", text, False) for why, text in BROKEN_ORGANISATIONS.items()]
    schemas = {name: generator.schema_text(name) for name in generator.SCHEMAS}
    result = subprocess.run(["node", "-e", _YLS], input=json.dumps([schemas, [case[1:3] for case in cases]]),
                            capture_output=True, text=True, timeout=120, check=True)
    said = json.loads(result.stdout)
    wrong = [(why, messages) for (why, _, _, valid), messages in zip(cases, said, strict=True)
             if (not messages) != valid]
    assert wrong == []
