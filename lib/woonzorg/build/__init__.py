"""Build the handreikingen: plan regions × themes, execute with papermill, export with nbconvert, publish atomically."""

from woonzorg.build.plan import Task, build_plan, discover_themes
from woonzorg.build.run import BuildReport, TaskResult, build

__all__ = ["Task", "build_plan", "discover_themes", "build", "BuildReport", "TaskResult"]
