"""Where templates come from and how Jinja is set up to render them safely.

A :class:`Theme` is an ordered search path: the user's override folders
first, then the built-in templates shipped in the wheel. Any single file can
be overridden by putting one of the same name in an override folder; an
override can still extend the file it replaces as ``builtin/<name>`` (the
Pelican ``!theme`` / Sphinx ``!`` idea).

HTML templates are autoescaped (by file name, so ``.txt`` and ``.css`` are
not) and every variable must exist (``StrictUndefined``): a typo in a
template fails the build instead of printing nothing. Templates render in a
sandbox (:mod:`.sandbox`) and read only files inside their own folder
(:mod:`.containment`): an override folder may come from the same pull
request as the release.
"""

from __future__ import annotations

import os
import traceback
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence, TypeVar

from ..errors import ResourceError, TemplateError
from .containment import ContainmentError, SandboxError, check_folder, contained, refused

__all__ = ["Theme", "builtin_templates_dir"]

_T = TypeVar("_T")
_CHECKOUT_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def builtin_templates_dir() -> Path:
    """The templates shipped with the package (or the checkout's, when installed editable)."""
    packaged = files("pressrelease") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    if _CHECKOUT_TEMPLATES.is_dir():
        return _CHECKOUT_TEMPLATES
    raise TemplateError("the built-in templates are missing; reinstall pressrelease")


class Theme:
    """A template search path and the Jinja environment that renders from it."""

    def __init__(self, overrides: Sequence[Path | str] = (), *, auto_reload: bool = True) -> None:
        """``auto_reload``: check each template file for edits when it is used (a theme kept between calls)."""
        self.auto_reload = auto_reload
        self.builtin = builtin_templates_dir()
        self.overrides = tuple(Path(d).resolve() for d in overrides)
        for folder in self.overrides:
            if not folder.is_dir():
                raise TemplateError(f"template folder {folder} does not exist")
            check_folder(folder)
        self.dirs: tuple[Path, ...] = (*self.overrides, self.builtin)
        self._env: Any = None

    @property
    def env(self) -> Any:
        """The Jinja environment, made on first use: knowing the search path needs no Jinja."""
        if self._env is None:
            import jinja2

            from .sandbox import ContainedLoader, Sandbox

            env = Sandbox(
                loader=jinja2.ChoiceLoader(
                    [
                        *(ContainedLoader(d) for d in self.dirs),
                        jinja2.PrefixLoader({"builtin": ContainedLoader(self.builtin)}),
                    ]
                ),
                autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml"), default=False),
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                auto_reload=self.auto_reload,
            )
            del env.globals["lipsum"]  # as many words as asked for: a template could ask for a billion
            from .filters import FILTERS

            env.filters.update(FILTERS)
            self._env = env
        return self._env

    def override_files(self) -> tuple[str, ...]:
        """Every file in the override folders (folder, relative name), to tell when one is added or removed."""
        found = []
        for folder in self.overrides:
            for root, dirs, names in os.walk(folder):
                dirs.sort()
                found.extend(os.path.join(root, name) for name in sorted(names))
        return tuple(found)

    def find(self, name: str) -> Path:
        """The file a template or asset name resolves to on the search path, inside its folder."""
        for folder in self.dirs:
            candidate = contained(folder, name)
            if candidate is not None:
                return candidate
        raise TemplateError(f"'{name}' is not in any template folder ({', '.join(map(str, self.dirs))})", name)

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render one template, turning any Jinja failure into a TemplateError with a line."""
        return self._run(name, lambda template: template.render(context))

    def render_utf8(self, name: str, context: Mapping[str, Any]) -> bytes:
        """:meth:`render`, as UTF-8: the same bytes as ``render(...).encode()``, made in pieces.

        A page with an embedded photo is a 90 kB string; joined whole, one curly
        quote in the headline widens all of it to two bytes a character, and
        encoding narrows it again: a third of such a page's cost. Encoded
        apart, the photo's ASCII is copied once.
        """
        return self._run(name, lambda template: _utf8(list(template.generate(context))))

    def call_macro(self, name: str, macro: str, *args: Any) -> str:
        """A macro of the template ``name`` called with ``args`` (its output, autoescaped as the template is);
        a Jinja failure is a TemplateError, as for :meth:`render`."""
        def call(template: Any) -> str:
            found = getattr(template.module, macro, None)
            if found is None:
                raise TemplateError(f"{name} has no macro '{macro}' (the site's release page calls it)",
                                    template.filename or name, 0)
            return str(found(*args))

        return self._run(name, call)

    def _run(self, name: str, produce: Callable[[Any], _T]) -> _T:
        import jinja2

        try:
            return produce(self.env.get_template(name))
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.message}", exc.filename or exc.name, exc.lineno or 0) from exc
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"template '{exc.name}' not found in {', '.join(map(str, self.dirs))}", name) from exc
        except jinja2.UndefinedError as exc:
            where, line = _template_frame(exc)
            raise TemplateError(f"{exc.message}", where or name, line) from exc
        except jinja2.exceptions.SecurityError as exc:
            where, line = _template_frame(exc)
            raise SandboxError(f"not allowed in a template: {exc}", where or name, line) from exc
        except ContainmentError as exc:
            raise _placed(exc) from None
        except TemplateError:
            raise
        except ResourceError:
            raise
        except Exception as exc:  # a filter or test raised: still the template's fault
            where, line = _template_frame(exc)
            if where is None:
                raise
            raise TemplateError(f"{type(exc).__name__}: {exc}", where, line) from exc


def _placed(exc: ContainmentError) -> ContainmentError:
    """A refusal met while rendering, pointed at the template line that asked for the file, if there is one."""
    where, line = _template_frame(exc)
    if where is None:
        return exc
    return ContainmentError([refused(Path(where), p.message, line).problems[0] for p in exc.problems])


def _utf8(chunks: list[str], large: int = 4096) -> bytes:
    """The chunks joined and UTF-8 encoded, each large one on its own (see :meth:`Theme.render_utf8`)."""
    cuts = [i for i, chunk in enumerate(chunks) if len(chunk) > large]
    if not cuts:
        return "".join(chunks).encode("utf-8")
    parts, start = [], 0
    for cut in cuts:
        parts += ["".join(chunks[start:cut]).encode("utf-8"), chunks[cut].encode("utf-8")]
        start = cut + 1
    parts.append("".join(chunks[start:]).encode("utf-8"))
    return b"".join(parts)


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".txt", ".css", ".xml")) and frame.lineno:
            return frame.filename, frame.lineno
    return None, 0
