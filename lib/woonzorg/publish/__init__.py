"""Build the handreikingen: plan regions × themes, skip what is unchanged, execute in parallel, export, publish atomically, write the site."""

import sys

# jsonschema (imported by nbformat, papermill and nbconvert) imports the optional package
# rfc3987_syntax when it is installed (jupyter-events pulls it in), and that compiles 38 Lark
# grammars at import: about a second in every build process, more than the rest of papermill and
# nbconvert together. nbformat's schemas use no IRI formats, so the build's own processes (this
# one, its forkserver and workers) go without it; kernels and other programs are untouched.
sys.modules.setdefault("rfc3987_syntax", None)  # None in sys.modules: "import rfc3987_syntax" raises ImportError

from woonzorg.publish.plan import Task, build_plan, discover_themes  # noqa: E402
from woonzorg.publish.report import BuildReport, Progress, TaskResult  # noqa: E402
from woonzorg.publish.run import build  # noqa: E402

__all__ = ["Task", "build_plan", "discover_themes", "build", "BuildReport", "Progress", "TaskResult"]
