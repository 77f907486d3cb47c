"""Build the handreikingen: plan regions × themes, skip what is unchanged, execute in parallel, export, publish atomically, write the site."""

from woonzorg.build.plan import Task, build_plan, discover_themes
from woonzorg.build.run import BuildReport, Progress, TaskResult, build

__all__ = ["Task", "build_plan", "discover_themes", "build", "BuildReport", "Progress", "TaskResult"]
