"""Entry point of the frozen bundle: the same command line as the installed ``bqinspect``."""

from __future__ import annotations

import multiprocessing
import sys

from bqinspect.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
