"""What the benches that measure each database in a process of its own share: the child is the
same script with `--child`, its figures the JSON of its last line of output."""

from __future__ import annotations

import json
import subprocess
import sys


def run_child(script: str, arguments: list[str], env: dict, cwd) -> dict | None:
    """The child's figures, or None when it failed (its output then goes to stderr)."""
    run = subprocess.run(
        [sys.executable, script, "--child", *arguments], check=False, env=env, capture_output=True, text=True, cwd=cwd
    )
    if run.returncode:
        sys.stderr.write(run.stdout + run.stderr)
        return None
    return json.loads(run.stdout.strip().splitlines()[-1])
