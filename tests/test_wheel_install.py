"""The README's route for a course of one's own: the built wheel in a fresh virtual environment
outside the repository, then `seminarkit new`, `check` and `build` as printed.

Everything seminarkit ships (templates, print stylesheet, fonts, web assets, starter course) must
come from the installed wheel: the environment has no PYTHONPATH, runs outside the repository,
and the PDF cache lists every file WeasyPrint read, none of them in the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def _run(
    command: list[str], cwd: Path, env: dict[str, str], shell: bool = False
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        " ".join(command) if shell else command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        shell=shell,
        executable="/bin/bash" if shell else None,
    )


def test_wheel_in_a_fresh_venv_builds_a_new_course(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    made = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(REPO),
        ],
        tmp_path,
        dict(os.environ),
    )
    assert made.returncode == 0, made.stderr
    (wheel,) = wheels.glob("seminarkit-*.whl")
    venv = tmp_path / "venv"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "NO_MKDOCS_2_WARNING")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env).returncode == 0
    # Dependencies from the registry (or pip's cache of earlier downloads); seminarkit from the
    # wheel only.
    pip = _run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], tmp_path, env)
    assert pip.returncode == 0, pip.stderr

    where = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import seminarkit, seminarkit.print.pdf as p; "
            "print(seminarkit.__file__); print(p.BUILT_IN_TEMPLATES)",
        ],
        tmp_path,
        env,
    )
    package, templates = (Path(line) for line in where.stdout.split())
    assert package.is_relative_to(venv) and templates.is_relative_to(venv), where.stdout
    assert not templates.is_symlink() and (templates / "print" / "fonts").is_dir()

    new = _run(["seminarkit", "new", "my course", "--language", "en"], tmp_path, env)
    assert new.returncode == 0, new.stderr
    course = tmp_path / "my course"
    assert (course / ".gitignore").is_file() and (course / "README.md").is_file()
    check = _run(["seminarkit", "check", "--strict", "'my course'"], tmp_path, env, shell=True)
    assert check.returncode == 0 and check.stdout.startswith("ok: "), check.stdout + check.stderr
    # The build command exactly as `new` printed it.
    (printed,) = [
        line.split("#")[0].strip() for line in new.stdout.splitlines() if " build " in line
    ]
    assert printed == "cd 'my course' && seminarkit build", new.stdout
    build = _run([printed], tmp_path, env, shell=True)
    assert build.returncode == 0, build.stdout + build.stderr
    assert "end of life" not in build.stdout + build.stderr
    assert "built 'My Course' in " in build.stdout
    assert (course / "site" / "assets" / "seminarkit" / "seminarkit.css").is_file()
    assert (course / "trainer" / "trainer-guide.pdf").is_file()

    # Every file WeasyPrint read lies in the course or in the installed package, never the repo.
    entries = list((course / ".seminarkit-cache" / "pdf").glob("*.json"))
    read = {name for entry in entries for name in json.loads(entry.read_text("utf-8"))["files"]}
    outside = {Path(name) for name in read if Path(name).is_absolute()}
    assert any(path.suffix == ".woff" for path in outside), read
    assert all(path.is_relative_to(templates) for path in outside), outside
    assert not any(path.is_relative_to(REPO) for path in outside)
