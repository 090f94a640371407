"""Sphinx configuration for the iopcore documentation (MyST markdown, built offline)."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.pycode import ModuleAnalyzer

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

project = "iopcore"
copyright = "The iopcore developers"
author = "The iopcore developers"
# autodoc imports iopcore, so it must be importable (installed, or on PYTHONPATH);
# the metadata may still be missing when it runs from a bare source tree.
try:
    release = metadata.version("iopcore")
except metadata.PackageNotFoundError:
    release = "0+unknown"
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_nb",  # MyST markdown (it includes myst_parser) and executed notebooks
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
# No sphinx.ext.intersphinx: the build runs without network access.

# myst_nb reads every .md page (a page whose front matter says it is a MyST notebook,
# such as cohort-notebook.md, is executed; the others are plain MyST).
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# Notebooks are executed on every build, so they cannot rot; any cell error fails it.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True  # the traceback in the build log, for CI
nb_execution_timeout = 120  # seconds per cell; the whole cohort notebook takes a few
# stderr (matplotlib building its font cache on a first run) is not part of the page;
# warnings from iopcore and pandas are turned into errors inside the notebook instead.
nb_output_stderr = "remove"
# The kernel ("python3" in the notebook's front matter) must run this interpreter, the
# one with iopcore and the docs dependencies. Kernelspecs are looked up in this
# environment first, even where a user-level "python3" (~/.local/share/jupyter) would
# otherwise win; jupyter_client starts a "python" kernelspec with sys.executable; and
# the notebook checks the prefix passed here against its own.
os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
os.environ["IOPCORE_DOCS_PREFIX"] = sys.prefix

# Google-style docstrings only.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
# Types show by name ("Truth"), linked to their page, not by the private module that
# defines them ("iopcore.rules.predicates._base.Truth").
python_use_unqualified_type_names = True

nitpicky = True
# Without intersphinx, types from the standard library and third-party packages
# cannot be resolved; they are named in the text and need no link.
nitpick_ignore_regex = [
    (r"py:.*", r"pendulum(\..*)?"),
    (r"py:.*", r"attrs?(\..*)?"),
    (r"py:.*", r"cattrs(\..*)?"),
    (r"py:.*", r"hypothesis(\..*)?"),
    (r"py:.*", r"(st\.)?SearchStrategy"),
    (r"py:class", r"iopcore\.[\w.]+\.T"),  # type variables of generic functions
    # The standard library (datetime.date, functools.partial, ...), without intersphinx.
    (r"py:.*", rf"({'|'.join(sorted(sys.stdlib_module_names))})\..*"),
]
# Builtins named with :func: in docstrings; the reader knows them.
nitpick_ignore = [("py:func", name) for name in ("max", "min", "sorted")]

# Furo shows code blocks and wide tables whole (scrolling sideways where they are wider
# than the page), as the docs of attrs and pip do.
html_theme = "furo"
html_title = f"iopcore {release}"


def _type_from_annotation(  # noqa: PLR0913, PLR0917 - the signature of Sphinx's event
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Keep napoleon from reading "Words: more words" as a type on attribute docstrings.

    Google style lets an attribute docstring start with ``Type: description``;
    iopcore's attributes and properties take their type from the annotation instead,
    so a colon in the first sentence is prose. A leading ": " gives napoleon an
    empty type and leaves the sentence whole.
    """
    del app, name, obj, options
    if what in {"attribute", "data", "property"} and lines and lines[0].strip():
        lines[0] = f": {lines[0]}"


def _document_reexported_constants(app: Sphinx) -> None:
    """Let autodoc see the ``#:`` comments of constants that a package re-exports.

    A package such as :mod:`iopcore.intensity` re-exports what its private modules
    define. autodoc reads ``#:`` comments only in the source of the module it
    documents, so a re-exported constant would be left off the page without a
    warning. Before the build reads any page, each iopcore package's source analysis
    is given the comments of the constants it re-exports, taken from the module that
    defines the same object; the package page then documents them as its own.
    """
    del app
    import iopcore  # noqa: PLC0415 - imported when the build starts, as autodoc does

    for package_info in pkgutil.walk_packages(iopcore.__path__, "iopcore."):
        if not package_info.ispkg:
            continue
        package = importlib.import_module(package_info.name)
        target = ModuleAnalyzer.for_module(package_info.name)
        target.analyze()
        for found in pkgutil.iter_modules(package.__path__, f"{package_info.name}."):
            source = ModuleAnalyzer.for_module(found.name)
            source.analyze()
            module = importlib.import_module(found.name)
            for (scope, name), comment in source.attr_docs.items():
                if scope or name not in getattr(package, "__all__", ()):
                    continue
                if getattr(package, name) is getattr(module, name, None):
                    target.attr_docs.setdefault(("", name), comment)
                    target.tagorder.setdefault(name, -1)
                    if ("", name) in source.annotations:  # ": Final[...]" shows as before
                        target.annotations.setdefault(("", name), source.annotations["", name])


def _notebooks_always_read(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Have Sphinx read (and so execute) every notebook page on every build.

    Sphinx reads again only the pages whose source changed; a notebook must also run
    again when iopcore changed, or an incremental build would show stale results.
    A notebook page is one whose front matter names a kernelspec.
    """
    del app, added, changed, removed
    found = []
    for docname in sorted(env.found_docs):
        text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        front, _, _ = text.removeprefix("---\n").partition("\n---\n")
        if text.startswith("---\n") and "\nkernelspec:" in f"\n{front}":
            found.append(docname)
    return found


def setup(app: Sphinx) -> None:
    """Register the hooks; the docstring hook runs before napoleon's (priority 500)."""
    app.connect("autodoc-process-docstring", _type_from_annotation, priority=400)
    app.connect("builder-inited", _document_reexported_constants)
    app.connect("env-get-outdated", _notebooks_always_read)
