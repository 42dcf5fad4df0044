"""The schema revisions read from the migration files agree with Alembic's own reading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bqinspect.store import revisions
from bqinspect.store.db import MIGRATIONS, open_database


def _script() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def test_head_and_known_revisions_are_alembics() -> None:
    script = _script()
    assert revisions.head_revision() == script.get_current_head()
    assert revisions.known_revisions() == {r.revision for r in script.walk_revisions()}


def test_current_revision_of_a_new_and_of_an_upgraded_database(tmp_path: Path) -> None:
    import sqlalchemy as sa

    empty = sa.create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    assert revisions.current_revision(empty) is None
    empty.dispose()
    db = open_database(tmp_path)
    with db.engine.connect() as conn:
        assert (
            revisions.current_revision(db.engine)
            == MigrationContext.configure(conn).get_current_revision()
        )
    assert revisions.current_revision(db.engine) == revisions.head_revision()
    db.dispose()


def test_a_merge_migration_follows_both_of_its_parents(tmp_path: Path) -> None:
    path = tmp_path / "0099_merge.py"
    path.write_text('revision = "0099"\ndown_revision = ("0010", "0011")\n', encoding="utf-8")
    assert revisions.read_migration(path) == revisions.Migration("0099", ("0010", "0011"))


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    open_database(tmp_path).dispose()
    code = (
        "import sys\nfrom pathlib import Path\nfrom bqinspect.store.db import open_database\n"
        f"open_database(Path({str(tmp_path)!r})).dispose()\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
