"""Build hook: the wheel carries the repository's ``cypher/`` query library as ``orggraph/cypher``.

``cypher/`` stays at the top of the repository, where people read and edit the queries; a
checkout (or an editable install) reads it there, an installed wheel reads its copy.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCypher(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            source = Path(__file__).resolve().parent / "cypher"
            shutil.copytree(source, Path(self.build_lib, "orggraph", "cypher"), dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithCypher})
