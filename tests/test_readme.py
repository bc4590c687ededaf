"""README's two commands stay true: the main job runs, and CI runs the test command."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_readme_shows_two_commands() -> None:
    main_job, tests = quick_start_commands()
    assert main_job.startswith("pip install -e . && kpi-workbook merge examples/submissions")
    assert tests.startswith("pip install -e \".[gui,test]\"")
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, tests = quick_start_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests.replace("pip install", "python -m pip install") in ci


def test_readme_main_job_runs(tmp_path: Path) -> None:
    main_job, _ = quick_start_commands()
    args = shlex.split(main_job.split("&&", 1)[1])
    assert args[:2] == ["kpi-workbook", "merge"]
    # Run where a new user would, on a copy, so no test ever writes into the checkout.
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    proc = subprocess.run([sys.executable, "-m", "kpi_workbook", *args[1:]], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / args[-1]).stat().st_size > 0


def _written_by_readme() -> list[str]:
    """Every file README's commands and library example write into the clone."""
    main_job, _ = quick_start_commands()
    paths = [shlex.split(main_job.split("&&", 1)[1])[-1]]
    windows = README.split("### On Windows", 1)[1].split("\n## ", 1)[0]
    paths += [line.split()[-1].replace("\\", "/") for line in windows.splitlines()
              if line.strip().startswith("kpi-workbook merge")]
    library = README.split("## Use it as a library", 1)[1].split("\n## ", 1)[0]
    paths += [f"{folder}/集計ブック_令和4年度.xlsx"
              for folder in re.findall(r'out = Path\("([^"]+)"\) / kw\.default_output_name',
                                       library)]
    return paths


def test_what_readme_writes_is_ignored_by_git() -> None:
    """Following README in a clone leaves no untracked file behind: every output it
    names is under a folder .gitignore covers."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git clone")
    paths = _written_by_readme()
    assert len(paths) == 3, paths  # quick start, Windows, library example
    for path in paths:
        proc = subprocess.run([git, "check-ignore", "--no-index", "-q", path], cwd=ROOT,
                              check=False)
        assert proc.returncode == 0, f"{path} is not covered by .gitignore"
