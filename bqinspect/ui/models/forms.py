"""Models of the forms page: installed form versions, and a read-only tree of one form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from bqinspect.domain.forms import SEVERITY_ORDER, Form, Item, PhotoRule
from bqinspect.services.catalog import FormVersion
from bqinspect.ui.i18n import content_language
from bqinspect.ui.labels import ANSWER_TYPE, KIND, SEVERITY, label, unit_label
from bqinspect.ui.models.table import Index, RowTableModel
from bqinspect.ui.widgets.theme import SEVERITY_COLORS

VERSION_ROLE = Qt.ItemDataRole.UserRole + 1  # the FormVersionRow of a row
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # item or section id in the preview tree


@dataclass(frozen=True)
class FormVersionRow:
    """One installed form version, with what the list shows of its definition."""

    version: FormVersion
    sections: int
    items: int
    points: float
    latest: bool


class FormVersionsModel(RowTableModel[FormVersionRow]):
    FORM, VERSION, KIND_, TITLE, ITEMS, INSTALLED = range(6)
    COLUMNS = 6

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.lang = "zh"

    def row(self, index: int) -> FormVersionRow:
        return self.row_object(index)

    def row_of(self, version_id: Any) -> int:
        return self.find_row(lambda r: r.version.id == version_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        fv = row.version
        column = index.column()
        if role == VERSION_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.FORM:
                return fv.form_id
            if column == self.VERSION:
                return fv.version
            if column == self.KIND_:
                return label(KIND, fv.kind)
            if column == self.TITLE:
                return fv.title_zh if self.lang == "zh" else fv.title_en
            if column == self.ITEMS:
                return str(row.items)
            if column == self.INSTALLED:
                return _local(fv.created_at)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.FORM:
            return f"sha256 {fv.sha256}"
        if role == Qt.ItemDataRole.FontRole and not row.latest:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.ITEMS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headers(self) -> list[str]:
        return [
            self.tr("Form"),
            self.tr("Version"),
            self.tr("Kind"),
            self.tr("Title"),
            self.tr("Items"),
            self.tr("Installed"),
        ]


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


translate = QCoreApplication.translate


def _points(value: float) -> str:
    return f"{value:g}"


def item_notes(item: Item) -> str:
    """Short flags of an item: veto, gate, block, N/A, photo rule, conditions."""
    notes = []
    if item.veto:
        notes.append(translate("FormPreview", "veto %1").replace("%1", item.veto))
    if item.gate:
        notes.append(translate("FormPreview", "gates %1").replace("%1", item.gate))
    if item.block:
        notes.append(translate("FormPreview", "in %1").replace("%1", item.block))
    if item.na_allowed:
        notes.append(translate("FormPreview", "N/A allowed"))
    if item.photo_on_fail is PhotoRule.REQUIRED:
        notes.append(translate("FormPreview", "photo on fail"))
    elif item.photo_on_fail is PhotoRule.FORBIDDEN:
        notes.append(translate("FormPreview", "no photos"))
    if item.show_if is not None:
        notes.append(translate("FormPreview", "if %1").replace("%1", item.show_if.item))
    if item.overt_only:
        notes.append(translate("FormPreview", "overt only"))
    if not item.required:
        notes.append(translate("FormPreview", "optional"))
    if item.unit:
        notes.append(unit_label(item.unit))
    return " · ".join(notes)


PREVIEW_COLUMNS = (
    QT_TRANSLATE_NOOP("FormPreview", "ID"),
    QT_TRANSLATE_NOOP("FormPreview", "Text"),
    QT_TRANSLATE_NOOP("FormPreview", "Type"),
    QT_TRANSLATE_NOOP("FormPreview", "Points"),
    QT_TRANSLATE_NOOP("FormPreview", "Severity"),
    QT_TRANSLATE_NOOP("FormPreview", "Notes"),
)


def preview_model(form: Form, lang: str, parent: QObject | None = None) -> QStandardItemModel:
    """Sections with their items, read-only: id, text, type, points, severity, notes."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels([translate("FormPreview", str(c)) for c in PREVIEW_COLUMNS])
    lang = content_language(lang)
    bold = QFont()
    bold.setBold(True)
    for section in form.sections:
        points = sum(i.points for i in section.items)
        cells = [
            QStandardItem(section.id),
            QStandardItem(section.title.get(lang)),
            QStandardItem(
                translate("FormPreview", "weight %1").replace("%1", _points(section.weight))
            ),
            QStandardItem(_points(points)),
            QStandardItem(""),
            QStandardItem(
                translate("FormPreview", "%1 items").replace("%1", str(len(section.items)))
            ),
        ]
        for cell in cells:
            cell.setEditable(False)
            cell.setFont(bold)
            cell.setData(section.id, ITEM_ID_ROLE)
        for item in section.items:
            row = [
                QStandardItem(item.id),
                QStandardItem(item.text.get(lang)),
                QStandardItem(label(ANSWER_TYPE, item.type.value)),
                QStandardItem(_points(item.points)),
                QStandardItem(label(SEVERITY, item.severity.value) if item.scored else ""),
                QStandardItem(item_notes(item)),
            ]
            tip = [item.text.get(lang)]
            if item.guidance is not None:
                tip.append(item.guidance.get(lang))
            if item.requirement is not None:
                tip.append(
                    translate("FormPreview", "Requirement: %1").replace(
                        "%1", item.requirement.get(lang)
                    )
                )
            for cell in row:
                cell.setEditable(False)
                cell.setData(item.id, ITEM_ID_ROLE)
                cell.setToolTip("\n".join(tip))
            if item.scored:
                row[4].setForeground(QBrush(QColor(SEVERITY_COLORS[item.severity.value])))
            row[3].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells[0].appendRow(row)
        cells[3].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        model.appendRow(cells)
    return model


def _deadline_days(days: int, working: bool) -> str:
    # a plain name as the count: pyside6-lupdate 6.11 misses translate(..., "", d.days)
    if working:
        return translate("FormPreview", "%n working day(s)", "", days)
    return translate("FormPreview", "%n day(s)", "", days)


def summary_html(form: Form, fv: FormVersion, lang: str) -> str:
    """The header above the preview: title, id/version/kind, size, grade bands, deadlines."""
    lang = content_language(lang)
    items = form.items()
    bands = ", ".join(
        f"{b.label.get(lang)} {b.min:g}–{b.max:g}"
        for b in sorted(form.grading.bands, key=lambda b: -b.min)
    )
    deadlines = ", ".join(
        f"{label(SEVERITY, sev.value)} " + _deadline_days(d.days, d.working_days)
        for sev in SEVERITY_ORDER
        if (d := form.deadline(sev))
    )
    rows = [
        (
            translate("FormPreview", "Form"),
            translate("FormPreview", "%1 · version %2 · %3")
            .replace("%1", form.id)
            .replace("%2", form.version)
            .replace("%3", label(KIND, fv.kind)),
        ),
        (
            translate("FormPreview", "Contents"),
            translate("FormPreview", "%1 sections, %2 items, %3 points")
            .replace("%1", str(len(form.sections)))
            .replace("%2", str(len(items)))
            .replace("%3", _points(sum(i.points for i in items))),
        ),
        (translate("FormPreview", "Grades"), bands),
        (translate("FormPreview", "Deadlines"), deadlines),
        (translate("FormPreview", "Fingerprint"), fv.sha256[:16]),
    ]
    vetoes = [i.id for i in items if i.veto]
    if vetoes:
        rows.insert(3, (translate("FormPreview", "Veto items"), ", ".join(vetoes)))
    if form.checkpoints:
        rows.insert(
            3,
            (
                translate("FormPreview", "Timer checkpoints"),
                " → ".join(c.label.get(lang) for c in form.checkpoints),
            ),
        )
    body = "".join(
        f"<tr><td style='color:#6b7280;padding-right:10px'>{_esc(k)}</td><td>{_esc(v)}</td></tr>"
        for k, v in rows
    )
    return f"<h3 style='margin:0'>{_esc(form.title.get(lang))}</h3><table>{body}</table>"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
