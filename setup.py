"""Packaging step that pyproject.toml cannot express: the theme ships inside the wheel.

The built-in theme's source stays the top-level `templates/` folder; a wheel (or any
non-editable install) gets a copy of it as package data in `builder/theme/`, where
`builder.core.config.BUILTIN_TEMPLATES` looks first.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

THEME_SOURCE = Path(__file__).resolve().parent / "templates"


class BuildWithTheme(build_py):
    """build_py that also copies templates/ into the built package as builder/theme/."""

    def run(self):
        """Build the Python modules, then place the theme beside them."""
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads templates/ from the checkout itself
        target = Path(self.build_lib) / "builder" / "theme"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(THEME_SOURCE, target)


setup(cmdclass={"build_py": BuildWithTheme})
