"""Mutated sources (tests/mutations.py) through load and the renderers: success or a located error, nothing else.

The bounded, in-suite half of the fuzzer (benchmarks/fuzz.py is the long
one: 10,000 sources, a worker process per source, shrunk reproducers).
Hypothesis draws which mutations apply to which seed, and the Random they
use; it runs derandomised, so CI sees the same inputs every time, without
an example database, and without its shrink phase (shrinking a 2 MB source
through every renderer would take minutes; the failure message names the
mutations and benchmarks/fuzz.py shrinks). Each source has a time budget
(a hang fails the test instead of holding it), and the whole test stops
drawing new sources past its share of about a minute.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from fuzzing import SEEDS, Case, Outcome, run_case
from mutations import MUTATIONS, mutate

SOURCE_SECONDS = 10  # one source's budget in CPU seconds, load and every render
TEST_SECONDS = {"text": 45.0, "pdf": 15.0}  # when each test stops drawing new sources
_started: dict[str, float] = {}

FUZZ = settings(max_examples=400, deadline=None, database=None, derandomize=True,
                phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))


class OverBudget(BaseException):
    """Raised in the middle of a render that took too long (not an Exception: no handler may turn it into a problem)."""


def _alarm(signum: int, frame: object) -> None:
    raise OverBudget


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "case"


def _outcome(case: Case, scratch: Path, pdf: bool) -> Outcome:
    previous = signal.signal(signal.SIGPROF, _alarm)
    # CPU time, so that a busy machine is not a hang; then every 0.2 s, in case a handler swallowed the first
    signal.setitimer(signal.ITIMER_PROF, SOURCE_SECONDS, 0.2)
    stage = ["load"]
    try:
        return run_case(case, scratch, pdf=pdf, on_stage=lambda s: stage.__setitem__(0, s))
    except OverBudget:
        return Outcome("other", stage[0], f"over the time budget of {SOURCE_SECONDS} s [{stage[0]}]")
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _check(which: str, names: list[str], rng, scratch: Path, pdf: bool) -> None:  # type: ignore[no-untyped-def]
    started = _started.setdefault(which, time.monotonic())
    case = mutate(rng, names)  # drawn first, always: a replayed example must draw what it drew
    if time.monotonic() - started > TEST_SECONDS[which]:
        return  # this test's share of the suite's time is spent
    note(f"seed {case.seed}, mutations {case.mutations}, {len(case.release)} + {len(case.organisation)} bytes")
    outcome = _outcome(case, scratch, pdf)
    assert outcome.kind in ("success", "located"), (
        f"{outcome.key}\n{outcome.detail}\nmutations: {case.mutations}\n"
        f"release file (first 600 bytes): {case.release[:600]!r}\n"
        "(python benchmarks/fuzz.py writes shrunk reproducers of every kind of failure)"
    )


@FUZZ
@given(names=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3), rng=st.randoms(use_true_random=False))
def test_a_mutated_source_loads_and_renders_or_is_a_located_error(names: list[str], rng, scratch: Path) -> None:  # type: ignore[no-untyped-def]
    _check("text", names, rng, scratch, pdf=False)


@settings(FUZZ, max_examples=8)
@given(names=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=2), rng=st.randoms(use_true_random=False))
def test_a_mutated_source_renders_as_pdf_or_is_a_located_error(names: list[str], rng, scratch: Path) -> None:  # type: ignore[no-untyped-def]
    _check("pdf", names, rng, scratch, pdf=True)


def test_the_seeds_themselves_succeed(scratch: Path) -> None:
    for seed in SEEDS:
        outcome = _outcome(Case(seed.name, *seed.texts()), scratch, pdf=False)
        assert (outcome.kind, outcome.key) == ("success", "")


def test_the_fuzzer_tells_a_leak_and_an_unlocated_problem_apart_from_a_located_error(scratch: Path) -> None:
    from fuzzing import classify, leak, SECRET
    from pressrelease import Problem, SourceError

    assert leak("html", b"<p>" + SECRET + b"</p>")
    assert not leak("html", b"<p>nothing</p>")
    assert classify(SourceError([Problem(None, 3, 1, "bad")]), "load").kind == "located"
    assert classify(SourceError([Problem(None, 0, 0, "bad", code="yaml")]), "load").kind == "other"
    assert classify(SourceError([Problem(None, 0, 0, "too big", code="size")]), "load").kind == "located"
    assert classify(RecursionError("deep"), "html").kind == "other"
