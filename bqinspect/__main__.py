"""Run bqinspect with ``python -m bqinspect``."""

from bqinspect.cli.main import main

raise SystemExit(main())
