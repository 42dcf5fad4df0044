"""The settings page: language, profile, bank name/logo, report options, data location."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices

from bqinspect.base import resources
from bqinspect.services.maintenance import display_url
from bqinspect.store.workspace import open_workspace
from bqinspect.ui import i18n
from bqinspect.ui.context import AppContext
from bqinspect.ui.pages.settings import SettingsPage
from bqinspect.ui.tasks import InlinePool
from tests.diskfull import fill, tmpfs


@pytest.fixture
def ctx(qtbot, empty_workspace, tmp_path):  # type: ignore[no-untyped-def]
    context = AppContext(
        empty_workspace,
        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        pool=InlinePool(),
    )
    i18n.set_language(context, "en")
    yield context
    i18n.set_language(context, "en")


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = SettingsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 800)
    widget.show()
    return widget


def test_language_switch_is_stored_and_keeps_typed_text(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.inspector_name.setText("王晓明")  # typed, not yet confirmed
    with qtbot.waitSignal(ctx.language_changed) as blocker:
        page.ui_language.setCurrentIndex(page.ui_language.findData("zh_CN"))
    assert blocker.args == ["zh_CN"]
    assert ctx.language == "zh_CN"
    assert ctx.workspace.setting("ui_lang") == "zh_CN"
    assert ctx.settings.value(i18n.SETTINGS_KEY) == "zh_CN"
    assert page.inspector_name.text() == "王晓明"
    page.inspector_name.editingFinished.emit()
    assert ctx.workspace.setting("inspector_name") == "王晓明"
    # switching from elsewhere moves the combo without a loop
    i18n.set_language(ctx, "en")
    assert page.ui_language.currentData() == "en"


def test_profile_bank_and_report_settings_are_stored_at_once(page, ctx) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    page.employee_no.setText(" 00123 ")
    page.employee_no.editingFinished.emit()
    page.bank_name.setText("演示银行")
    page.bank_name.editingFinished.emit()
    page.page_size.setCurrentIndex(page.page_size.findData("Letter"))
    page.content_language.setCurrentIndex(page.content_language.findData("en"))
    assert ws.setting("inspector_employee_no") == "00123"
    assert ws.setting("bank_name") == "演示银行"
    assert ws.setting("report_page_size") == "Letter"
    assert ws.setting("content_lang") == "en"
    assert page.saved.saved_at is not None
    again = SettingsPage(ctx)
    assert again.bank_name.text() == "演示银行"
    assert again.page_size.currentData() == "Letter"
    again.deleteLater()


def _png(path, size, mode="RGBA"):  # type: ignore[no-untyped-def]
    Image.new(mode, size, (200, 30, 30, 255) if mode == "RGBA" else (200, 30, 30)).save(path)
    return path


def test_logo_is_stored_as_base64_png_at_most_600_wide(page, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert page.set_logo(_png(tmp_path / "logo.png", (1500, 300)))
    stored = ctx.workspace.setting("bank_logo")
    image = Image.open(io.BytesIO(base64.b64decode(stored)))
    assert image.format == "PNG" and image.size == (600, 120)
    assert not page.logo_preview.pixmap().isNull()
    assert page.logo_clear.isEnabled()

    jpeg = tmp_path / "small.jpg"
    Image.new("RGB", (200, 80), "navy").save(jpeg)
    assert page.set_logo(jpeg)
    small = Image.open(io.BytesIO(base64.b64decode(ctx.workspace.setting("bank_logo"))))
    assert small.size == (200, 80)

    page.clear_logo()
    assert ctx.workspace.setting("bank_logo") == ""
    assert not page.logo_clear.isEnabled()


def test_a_bad_logo_is_refused_and_changes_nothing(page, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.set_logo(_png(tmp_path / "logo.png", (100, 50)))
    before = ctx.workspace.setting("bank_logo")
    fake = tmp_path / "fake.png"
    fake.write_text("not an image")
    assert not page.set_logo(fake)
    assert page.bank_error.isVisible() and "fake.png" in page.bank_error.text()
    gif = tmp_path / "anim.png"
    Image.new("P", (10, 10)).save(gif, "GIF")
    assert not page.set_logo(gif)
    assert "PNG or JPEG" in page.bank_error.text()
    assert not page.set_logo(tmp_path / "missing.png")
    assert ctx.workspace.setting("bank_logo") == before


def test_report_font_must_be_truetype(page, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cff = tmp_path / "NotoSansCJK.ttf"
    cff.write_bytes(b"OTTO" + bytes(60))
    assert not page.set_report_font(cff)
    assert "CFF" in page.bank_error.text()
    otf = tmp_path / "font.otf"
    otf.write_bytes(b"\x00\x01\x00\x00")
    assert not page.set_report_font(otf)
    assert ctx.workspace.setting("report_font") == ""
    bundled = resources.fonts_dir() / "wqy-zenhei.ttc"
    assert page.set_report_font(bundled)
    assert ctx.workspace.setting("report_font") == str(bundled)
    assert not page.bank_error.isVisible()
    assert page.set_report_font(None)
    assert ctx.workspace.setting("report_font") == ""


def test_data_location_open_folder_and_backup(page, ctx, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    assert page.data_dir.text() == str(ws.home) and page.data_dir.isReadOnly()
    assert page.db_url.text().startswith("sqlite:///") and page.db_url.isReadOnly()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page.open_folder.click()
    assert [u.toLocalFile() for u in opened] == [str(ws.home)]

    with qtbot.waitSignal(page.backup_finished, timeout=20000) as blocker:
        page.backup_button.click()
    path = blocker.args[0]
    assert path.exists() and path.parent == ws.home / "backups"
    assert path.name in page.backup_label.text()
    assert page.backup_button.isEnabled()


def test_server_database_is_shown_without_password(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert (
        display_url("postgresql+psycopg://inspector:s3cret@db.example/bq")
        == "postgresql+psycopg://inspector:***@db.example/bq"
    )
    ws = open_workspace(tmp_path / "other", f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    try:
        context = AppContext(
            ws, QSettings(str(tmp_path / "o.ini"), QSettings.Format.IniFormat), pool=InlinePool()
        )
        widget = SettingsPage(context)
        qtbot.addWidget(widget)
        assert widget.db_url.text().endswith("elsewhere.sqlite")
        assert widget.backup_button.isEnabled()
    finally:
        ws.close()


def test_a_setting_on_a_full_disk_is_told_and_not_claimed_saved(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with tmpfs(tmp_path / "disk", "8m") as disk:
        (disk / "data").mkdir()
        ws = open_workspace(disk / "data")
        try:
            context = AppContext(
                ws,
                QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                pool=InlinePool(),
            )
            i18n.set_language(context, "en")
            widget = SettingsPage(context)
            widget.show()
            filler = fill(disk, 0)
            widget.bank_name.setText("演" * 5000)
            widget.bank_name.editingFinished.emit()
            box = widget.last_refusal
            assert box is not None and box.isVisible()
            assert "the disk is full" in box.text() and str(ws.home) in box.text()
            assert widget.saved.saved_at is None
            assert not ws.setting("bank_name")
            box.close()
            filler.unlink()
            widget.bank_name.setText("演示银行")
            widget.bank_name.editingFinished.emit()
            assert ws.setting("bank_name") == "演示银行"
            assert widget.saved.saved_at is not None
        finally:
            # gone before its workspace and disk: a later language change must not reach it
            with qtbot.waitSignal(widget.destroyed):
                widget.close()
                widget.deleteLater()
            ws.close()


def test_the_office_copy_of_a_redacted_photo_is_a_bank_setting(page, ctx) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.services import redaction

    assert page.office_original.isChecked() and redaction.office_keeps_original(ctx.workspace)
    page.office_original.click()
    assert ctx.workspace.setting(redaction.OFFICE_ORIGINAL) is False
    assert not redaction.office_keeps_original(ctx.workspace)
    assert "redacted copy" in page.office_original.toolTip()
