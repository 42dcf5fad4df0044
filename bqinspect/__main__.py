"""Run bqinspect with ``python -m bqinspect``."""

from bqinspect.cli import main

raise SystemExit(main())
