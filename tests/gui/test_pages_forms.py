"""The forms page: installed versions, the read-only preview, import with validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bqinspect.services.catalog import install_form
from bqinspect.ui import i18n
from bqinspect.ui.context import AppContext
from bqinspect.ui.models.forms import FormVersionsModel
from bqinspect.ui.pages.forms import FormsPage
from bqinspect.ui.tasks import InlinePool

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def ctx(empty_workspace, mini_form, tmp_path):  # type: ignore[no-untyped-def]
    install_form(empty_workspace, mini_form)
    context = AppContext(
        empty_workspace,
        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        pool=InlinePool(),
    )
    context.language = "en"
    return context


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = FormsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    return widget


def _import(qtbot, page: FormsPage, path: Path) -> bool:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.import_finished, timeout=20000) as blocker:
        page.import_file(path)
    return bool(blocker.args[0])


def test_versions_and_preview(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 1
    assert page.model.index(0, FormVersionsModel.FORM).data() == "mini-onsite"
    assert page.model.index(0, FormVersionsModel.ITEMS).data() == "10"
    assert page.model.index(0, FormVersionsModel.TITLE).data() == "Mini checklist"
    tree = page.tree.model()
    assert [tree.index(r, 0).data() for r in range(tree.rowCount())] == ["ENV", "STF", "SEC"]
    env = tree.index(0, 0)
    assert tree.rowCount(env) == 3
    assert tree.index(0, 1, env).data() == "Fascia signage prominent"
    assert tree.index(0, 2, env).data() == "Pass/fail"
    assert "photo on fail" in tree.index(0, 5, env).data()
    sec = tree.index(2, 0)
    assert "veto V1" in tree.index(0, 5, sec).data()
    assert tree.index(0, 4, sec).data() == "Critical"
    assert "10 items" in page.summary.text() and "Mini checklist" in page.summary.text()


def test_a_broken_form_is_refused_with_lines(page, ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "mini_form.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "type: rating\n        points: 3\n", "type: stars\n        points: 3\n", 1
    )
    assert broken != text
    path = tmp_path / "broken.yaml"
    path.write_text(broken.replace('version: "1"', 'version: "2"'), encoding="utf-8")
    assert not _import(qtbot, page, path)
    assert page.problems.isVisible()
    assert "broken.yaml" in page.problems.title.text()
    model = page.problems.model
    where = model.index(0, 0).data()
    line = broken.splitlines().index("        type: stars") + 1
    assert where == f"line {line}"
    assert "ENV-04" in model.index(0, 1).data()
    assert len(ctx.workspace.form_versions()) == 1


def test_not_yaml_at_all(page, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    assert not _import(qtbot, page, path)
    assert "not valid YAML" in page.problems.model.index(0, 1).data()


def test_import_a_new_version_then_the_same_again(page, ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "mini_form.yaml").read_text(encoding="utf-8")
    path = tmp_path / "mini-v2.yaml"
    path.write_text(text.replace('version: "1"', 'version: "2"'), encoding="utf-8")
    events: list[str] = []
    ctx.data_changed.connect(events.append)
    assert _import(qtbot, page, path)
    assert page.result_label.text() == "Installed mini-onsite version 2 from mini-v2.yaml."
    assert events == ["form"]
    assert page.model.rowCount() == 2
    assert page.selected().version.version == "2"
    assert page.selected().latest
    assert not page.model.row(0).latest  # the older version is listed in italics

    assert _import(qtbot, page, path)
    assert "already installed" in page.result_label.text()
    assert events == ["form"]
    assert page.model.rowCount() == 2


def test_changed_content_under_an_installed_version_is_refused(page, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "mini_form.yaml").read_text(encoding="utf-8")
    path = tmp_path / "changed.yaml"
    path.write_text(text.replace("Mini checklist", "Mini checklist changed"), encoding="utf-8")
    assert not _import(qtbot, page, path)
    assert "new version" in page.problems.model.index(0, 1).data()


def test_preview_follows_the_content_language(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctx.language = "zh_CN"
    ctx.language_changed.emit("zh_CN")
    assert page.model.index(0, FormVersionsModel.TITLE).data() == "迷你检查表"
    env = page.tree.model().index(0, 0)
    assert page.tree.model().index(0, 1, env).data() == "门楣标牌醒目"


def test_a_broken_form_is_refused_in_the_window_language(page, ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "mini_form.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "type: rating\n        points: 3\n", "type: stars\n        points: 3\n", 1
    ).replace('version: "1"', 'version: "2"')
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("        type: stars") + 1
    model = page.problems.model
    try:
        i18n.set_language(ctx, "zh_CN")
        assert not _import(qtbot, page, path)
        assert page.problems.isVisible()
        assert model.index(0, 0).data() == f"第 {line} 行"
        reason = model.index(0, 1).data()
        assert reason.startswith("sections[0](ENV).items[1](ENV-04).type：应为 'yesno'、'rating'")
        assert "Input should be" not in reason
        i18n.set_language(ctx, "en")  # the refusal shown follows the window's language
        assert model.index(0, 0).data() == f"line {line}"
        assert "ENV-04).type: Input should be 'yesno', 'rating'" in model.index(0, 1).data()
    finally:
        i18n.set_language(ctx, "en")
    assert len(ctx.workspace.form_versions()) == 1
