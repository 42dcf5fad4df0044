"""Child process for the encrypted-import kill test: imports one package, reporting progress.

Usage: import_child.py HOME PACKAGE. Prints ``ready``, then one ``progress`` line per progress
call (flushed), then ``done``; the parent kills it with SIGKILL after some of those lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bqinspect.store.workspace import open_workspace
from bqinspect.sync.imports import import_package


class _Report:
    def __call__(self, done: int, total: int, text: str = "") -> None:
        print("progress", done, total, flush=True)

    def cancelled(self) -> bool:
        return False


def main() -> None:
    home, package = Path(sys.argv[1]), Path(sys.argv[2])
    ws = open_workspace(home, actor="kill-test")
    print("ready", flush=True)
    import_package(ws, package, progress=_Report())
    ws.close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
