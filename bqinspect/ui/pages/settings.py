"""Settings page: UI language, inspector profile, bank name and logo, report options, data."""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Refused
from bqinspect.domain.appeals import window_days
from bqinspect.services import maintenance, redaction
from bqinspect.services.appeals import WINDOW_SETTING
from bqinspect.ui import changes, i18n
from bqinspect.ui.context import AppContext
from bqinspect.ui.pages.role_box import RoleBox
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets import dialogs
from bqinspect.ui.widgets.images import png_bytes
from bqinspect.ui.widgets.saved import SavedIndicator
from bqinspect.ui.widgets.theme import FAIL

log = logging.getLogger(__name__)

LOGO_MAX_WIDTH = 600
LOGO_MAX_BYTES = 10 * 1024 * 1024
LOGO_PREVIEW_HEIGHT = 48
PAGE_SIZES = ("A4", "Letter")
# Language names are shown in their own language, never translated.
UI_LANGUAGES = (("zh_CN", "中文（简体）"), ("en", "English"))
CONTENT_LANGUAGES = (("zh", "中文"), ("en", "English"))


class SettingsProblem(ValueError):
    """A chosen file cannot be used; the message says why."""


def encode_logo(path: Path) -> str:
    """The logo as base64 PNG, at most :data:`LOGO_MAX_WIDTH` pixels wide."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SettingsProblem(f"{path.name}: cannot read ({exc.strerror})") from exc
    if size > LOGO_MAX_BYTES:
        raise SettingsProblem(f"{path.name}: larger than 10 MiB")
    reader = QImageReader(str(path))
    fmt = bytes(reader.format().data()).decode().lower()
    if fmt not in ("png", "jpeg", "jpg"):
        raise SettingsProblem(f"{path.name}: not a PNG or JPEG image")
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise SettingsProblem(f"{path.name}: cannot be read as an image ({reader.errorString()})")
    if image.width() > LOGO_MAX_WIDTH:
        image = image.scaledToWidth(LOGO_MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    png = png_bytes(image)
    if not png:
        raise SettingsProblem(f"{path.name}: cannot be converted to PNG")
    return base64.b64encode(png).decode("ascii")


def decode_logo(text: str) -> QImage:
    """The stored logo as an image (null when there is none or it cannot be read)."""
    image = QImage()
    if text:
        try:
            image.loadFromData(base64.b64decode(text, validate=True))
        except ValueError:
            log.warning("the stored bank logo is not valid base64")
    return image


def check_report_font(path: Path) -> None:
    """Refuse a font that reportlab cannot embed: only TrueType outlines (not CID or CFF)."""
    if path.suffix.lower() not in (".ttf", ".ttc"):
        raise SettingsProblem(f"{path.name}: choose a .ttf or .ttc font file")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise SettingsProblem(f"{path.name}: cannot read ({exc.strerror})") from exc
    if magic == b"OTTO":
        raise SettingsProblem(
            f"{path.name}: has CFF (PostScript) outlines, which PDF reports cannot embed; "
            "choose a TrueType font"
        )
    if magic not in (b"\x00\x01\x00\x00", b"true", b"ttcf"):
        raise SettingsProblem(f"{path.name}: not a TrueType font")


class SettingsPage(QWidget):
    """Every change is stored at once (no Save button)."""

    backup_finished = Signal(object)  # Path of the backup, or None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ws = ctx.workspace
        self.database = maintenance.database_info(self.ws)
        self.row_labels: dict[str, QLabel] = {}
        self.task: Task | None = None
        self._last_backup: Path | None = None
        self._backup_error = ""
        self.last_refusal: QMessageBox | None = None  # the latest "not saved" message

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.saved = SavedIndicator()

        # language
        self.language_box = QGroupBox()
        self.ui_language = QComboBox()
        for code, name in UI_LANGUAGES:
            self.ui_language.addItem(name, code)
        self.ui_language.setCurrentIndex(max(0, self.ui_language.findData(ctx.language)))
        self.ui_language.currentIndexChanged.connect(self._language_chosen)
        self.content_language = QComboBox()
        for code, name in CONTENT_LANGUAGES:
            self.content_language.addItem(name, code)
        self._select(self.content_language, str(self.ws.setting("content_lang") or "zh"))
        self.content_language.currentIndexChanged.connect(
            lambda: self._store("content_lang", self.content_language.currentData())
        )
        self.language_form = self._form(self.language_box)
        self._row(self.language_form, "ui_language", self.ui_language)
        self._row(self.language_form, "content_language", self.content_language)

        # inspector profile
        self.profile_box = QGroupBox()
        self.inspector_name = self._text_setting("inspector_name")
        self.employee_no = self._text_setting("inspector_employee_no")
        self.profile_form = self._form(self.profile_box)
        self._row(self.profile_form, "inspector_name", self.inspector_name)
        self._row(self.profile_form, "employee_no", self.employee_no)

        # this installation's role
        self.role_box = RoleBox(ctx)
        self.role_box.saved.connect(lambda _role: self.saved.mark_saved())
        self.row_labels["role"] = self.role_box.label

        # bank and reports
        self.bank_box = QGroupBox()
        self.bank_name = self._text_setting("bank_name")
        self.logo_preview = QLabel()
        self.logo_preview.setFixedHeight(LOGO_PREVIEW_HEIGHT)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.logo_button = QPushButton()
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_clear = QPushButton()
        self.logo_clear.clicked.connect(self.clear_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview, 1)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.logo_clear)
        self.report_font = QLineEdit(str(self.ws.setting("report_font") or ""))
        self.report_font.setReadOnly(True)
        self.font_button = QPushButton()
        self.font_button.clicked.connect(self.choose_font)
        self.font_clear = QPushButton()
        self.font_clear.clicked.connect(lambda: self.set_report_font(None))
        font_row = QHBoxLayout()
        font_row.addWidget(self.report_font, 1)
        font_row.addWidget(self.font_button)
        font_row.addWidget(self.font_clear)
        self.page_size = QComboBox()
        for size in PAGE_SIZES:
            self.page_size.addItem(size, size)
        self._select(self.page_size, str(self.ws.setting("report_page_size") or "A4"))
        self.page_size.currentIndexChanged.connect(
            lambda: self._store("report_page_size", self.page_size.currentData())
        )
        self.office_original = QCheckBox()
        self.office_original.setChecked(redaction.office_keeps_original(self.ws))
        self.office_original.toggled.connect(
            lambda on: self._store(redaction.OFFICE_ORIGINAL, bool(on))
        )
        self.appeal_days = QSpinBox()  # working days a branch has to appeal a deduction
        self.appeal_days.setRange(0, 60)
        self.appeal_days.setValue(window_days(self.ws.setting(WINDOW_SETTING)))
        self.appeal_days.valueChanged.connect(lambda days: self._store(WINDOW_SETTING, days))
        self.bank_error = QLabel()
        self.bank_error.setWordWrap(True)
        self.bank_error.setStyleSheet(f"color: {FAIL};")
        self.bank_error.hide()
        self.bank_form = self._form(self.bank_box)
        self._row(self.bank_form, "bank_name", self.bank_name)
        self._row(self.bank_form, "logo", logo_row)
        self.row_labels["logo"].setMinimumHeight(LOGO_PREVIEW_HEIGHT)
        self._row(self.bank_form, "report_font", font_row)
        self._row(self.bank_form, "page_size", self.page_size)
        self._row(self.bank_form, "office_original", self.office_original)
        self._row(self.bank_form, "appeal_days", self.appeal_days)
        self.bank_form.addRow(self.bank_error)

        # data location
        self.data_box = QGroupBox()
        self.data_dir = QLineEdit(str(self.ws.home))
        self.data_dir.setReadOnly(True)
        self.db_url = QLineEdit(self.database.url)
        self.db_url.setReadOnly(True)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(self.open_data_folder)
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self.back_up_now)
        self.backup_button.setEnabled(self.database.can_back_up)
        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        self.backup_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data_buttons = QHBoxLayout()
        data_buttons.addWidget(self.open_folder)
        data_buttons.addWidget(self.backup_button)
        data_buttons.addStretch(1)
        self.data_form = self._form(self.data_box)
        self._row(self.data_form, "data_dir", self.data_dir)
        self._row(self.data_form, "db_url", self.db_url)
        self._row(self.data_form, "", data_buttons)
        self.data_form.addRow(self.backup_label)

        content = QWidget()
        content.setMaximumWidth(820)
        column = QVBoxLayout(content)
        for box in (
            self.language_box,
            self.profile_box,
            self.role_box,
            self.bank_box,
            self.data_box,
        ):
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.saved)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(scroll, 1)

        ctx.language_changed.connect(self._language_changed)
        self._show_logo()
        self.retranslate()

    # helpers -----------------------------------------------------------------------------------
    @staticmethod
    def _select(box: QComboBox, value: str) -> None:
        index = box.findData(value)
        box.setCurrentIndex(index if index >= 0 else 0)

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _row(self, form: QFormLayout, key: str, field: QWidget | QHBoxLayout) -> None:
        label = QLabel()
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if key:
            self.row_labels[key] = label
        if isinstance(field, QWidget):
            label.setBuddy(field)
        form.addRow(label, field)

    def _text_setting(self, key: str) -> QLineEdit:
        edit = QLineEdit(str(self.ws.setting(key) or ""))
        edit.setObjectName(key)
        edit.setMaxLength(200)
        edit.editingFinished.connect(lambda: self._store(key, edit.text().strip()))
        return edit

    def _store(self, key: str, value: Any) -> bool:
        """Commit one setting; a refused write (a full disk) is told, and nothing claims saved."""
        if self.ws.setting(key) == value:
            return True
        try:
            self.ws.set_setting(key, value)
        except Refused as exc:
            self.last_refusal = dialogs.inform(self, self.tr("Setting not saved"), str(exc))
            log.warning("setting %s not saved: %s", key, exc)
            return False
        self.saved.mark_saved()
        self.ctx.data_changed.emit(changes.SETTINGS)
        log.info("setting %s changed", key)
        return True

    # language ----------------------------------------------------------------------------------
    def _language_chosen(self) -> None:
        lang = str(self.ui_language.currentData())
        if lang == self.ctx.language:
            return
        if self._store("ui_lang", lang):
            i18n.set_language(self.ctx, lang)

    def _language_changed(self, lang: str) -> None:
        index = self.ui_language.findData(lang)
        if index >= 0 and index != self.ui_language.currentIndex():
            self.ui_language.blockSignals(True)
            self.ui_language.setCurrentIndex(index)
            self.ui_language.blockSignals(False)

    # logo and font -----------------------------------------------------------------------------
    def choose_logo(self) -> QFileDialog:
        return self._pick(
            self.tr("Bank logo"), self.tr("Images (*.png *.jpg *.jpeg)"), self.set_logo
        )

    def set_logo(self, path: Path) -> bool:
        try:
            encoded = encode_logo(path)
        except SettingsProblem as exc:
            self._bank_problem(str(exc))
            return False
        self.bank_error.hide()
        self._store("bank_logo", encoded)
        self._show_logo()
        return True

    def clear_logo(self) -> None:
        self._store("bank_logo", "")
        self._show_logo()

    def _show_logo(self) -> None:
        image = decode_logo(str(self.ws.setting("bank_logo") or ""))
        self.logo_clear.setEnabled(not image.isNull())
        if image.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("No logo"))
            return
        pixmap = QPixmap.fromImage(image).scaled(
            240,
            LOGO_PREVIEW_HEIGHT,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.logo_preview.setPixmap(pixmap)

    def choose_font(self) -> QFileDialog:
        return self._pick(
            self.tr("Report font"),
            self.tr("TrueType fonts (*.ttf *.ttc)"),
            self.set_report_font,
        )

    def set_report_font(self, path: Path | None) -> bool:
        if path is not None:
            try:
                check_report_font(path)
            except SettingsProblem as exc:
                self._bank_problem(str(exc))
                return False
        self.bank_error.hide()
        value = str(path) if path is not None else ""
        self.report_font.setText(value)
        self._store("report_font", value)
        return True

    def _bank_problem(self, text: str) -> None:
        self.bank_error.setText(text)
        self.bank_error.show()

    def _pick(self, title: str, pattern: str, chosen: Any) -> QFileDialog:
        return dialogs.pick_file(self, title, pattern + ";;" + self.tr("All files (*)"), chosen)

    # data location -----------------------------------------------------------------------------
    def open_data_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ws.home)))

    def back_up_now(self) -> Task:
        ws = self.ws
        self.backup_button.setEnabled(False)
        self.backup_label.setText(self.tr("Backing up…"))

        def work(_progress: Progress) -> Path | None:
            return maintenance.back_up(ws)

        task = make_task(
            work, on_success=self._backed_up, on_error=self._backup_failed, parent=self
        )
        self.task = task
        start_task(task, self.ctx.pool)
        return task

    def _backed_up(self, path: Path | None) -> None:
        self.backup_button.setEnabled(self.database.can_back_up)
        self._last_backup = path
        self._backup_error = ""
        self._show_backup()
        self.backup_finished.emit(path)

    def _backup_failed(self, exc: BaseException) -> None:
        log.error("backup failed: %s", exc)
        self.backup_button.setEnabled(self.database.can_back_up)
        self._backup_error = str(exc) or type(exc).__name__
        self._show_backup()
        self.backup_finished.emit(None)

    def _show_backup(self) -> None:
        if self._backup_error:
            self.backup_label.setText(
                self.tr("The backup failed: %1").replace("%1", self._backup_error)
            )
        elif self._last_backup is not None:
            size = self._last_backup.stat().st_size / 2**20 if self._last_backup.exists() else 0
            self.backup_label.setText(
                self.tr("Backed up to %1 (%2 MB).")
                .replace("%1", str(self._last_backup))
                .replace("%2", f"{size:.1f}")
            )
        elif not self.database.can_back_up:
            self.backup_label.setText(
                self.tr("This database is a server database: back it up with the server's tools.")
            )
        else:
            self.backup_label.setText(
                self.tr("The last 10 backups are kept in the backups folder of the data directory.")
            )

    # language ----------------------------------------------------------------------------------
    def _set_label(self, key: str, text: str) -> None:
        self.row_labels[key].setText(text)

    def _align_labels(self) -> None:
        """One label column width for every group, so the fields line up."""
        for label in self.row_labels.values():
            label.setMinimumWidth(0)
        width = max(label.sizeHint().width() for label in self.row_labels.values())
        for label in self.row_labels.values():
            label.setMinimumWidth(width)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings"))
        self.language_box.setTitle(self.tr("Language"))
        self._set_label("ui_language", self.tr("Interface:"))
        self._set_label("content_language", self.tr("Form and report texts:"))
        self.profile_box.setTitle(self.tr("Inspector profile"))
        self._set_label("inspector_name", self.tr("Name:"))
        self._set_label("employee_no", self.tr("Employee number:"))
        self.inspector_name.setPlaceholderText(self.tr("used as the inspector of new inspections"))
        self.role_box.retranslate()
        self.bank_box.setTitle(self.tr("Bank and reports"))
        self._set_label("bank_name", self.tr("Bank name:"))
        self._set_label("logo", self.tr("Logo:"))
        self._set_label("report_font", self.tr("Report font:"))
        self._set_label("page_size", self.tr("Page size:"))
        self._set_label("office_original", self.tr("Redacted photos:"))
        self.office_original.setText(self.tr("the head-office copy shows the original"))
        self.office_original.setToolTip(
            self.tr(
                "The branch copy of a notice and packages to branches and inspectors always carry "
                "the redacted copy"
            )
        )
        self._set_label("appeal_days", self.tr("Appeal window:"))
        self.appeal_days.setSuffix(self.tr(" working days"))
        self.bank_name.setPlaceholderText(self.tr("printed on rectification notices"))
        self.logo_button.setText(self.tr("Choose…"))
        self.logo_clear.setText(self.tr("Remove"))
        self.logo_button.setToolTip(
            self.tr("A PNG or JPEG image; it is stored scaled to at most 600 pixels wide.")
        )
        self.report_font.setPlaceholderText(self.tr("the bundled font"))
        self.font_button.setText(self.tr("Choose…"))
        self.font_clear.setText(self.tr("Use the bundled font"))
        self.data_box.setTitle(self.tr("Data"))
        self._set_label("data_dir", self.tr("Data directory:"))
        self._set_label("db_url", self.tr("Database:"))
        self.open_folder.setText(self.tr("Open folder"))
        self.backup_button.setText(self.tr("Back up now"))
        self._align_labels()
        self._show_logo()
        self._show_backup()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
