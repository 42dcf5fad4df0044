"""The Branches page's staff detail: the register, and the items an employee was named in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bqinspect.services.staff import StaffRow, list_staff
from bqinspect.services.staff_items import NamedItem, named_items
from bqinspect.ui.context import AppContext
from bqinspect.ui.labels import post_label


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _cell(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)


class BranchStaffPanel(QWidget):
    """Register on the left, the chosen employee's named items on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.code: str | None = None
        self.rows: list[StaffRow] = []
        self.items: list[NamedItem] = []
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.summary = QLabel()
        self._left = QVBoxLayout()
        self._left.addWidget(self.title)
        self._right = QVBoxLayout()
        self._right.addWidget(self.summary)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(self._left, 2)
        row.addLayout(self._right, 3)
        self._built = False
        # its two tables are made in an event of their own, after the page's first paint
        # (or when first needed): building a page of four tables at once stalls the window
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._build)
        self._later.start()
        self.staff: QTableWidget  # the register
        self.named: QTableWidget  # the chosen employee's named items
        self.retranslate()

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        self._later.stop()
        self.staff = _table(4)
        self.staff.itemSelectionChanged.connect(self._show_items)
        self.named = _table(5)
        header = self.named.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(5):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == 2
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self._left.addWidget(self.staff)
        self._right.addWidget(self.named)
        self.retranslate()

    def show_branch(self, code: str | None) -> None:
        """The register of the branch with ``code`` (none: empty)."""
        self._build()
        self.code = code
        self.rows = list_staff(self.ctx.workspace, branch=code) if code else []
        self.staff.setRowCount(len(self.rows))
        for r, m in enumerate(self.rows):
            cells = [m.employee_no, m.name, post_label(m.post), "" if m.active else self.tr("left")]
            for c, text in enumerate(cells):
                self.staff.setItem(r, c, _cell(text))
        self.staff.resizeColumnsToContents()
        self._retitle()
        if self.rows:
            self.staff.selectRow(0)
        else:
            self._show_items()

    def selected(self) -> StaffRow | None:
        if not self._built:
            return None
        rows = self.staff.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _show_items(self) -> None:
        member = self.selected()
        self.items = named_items(self.ctx.workspace, member.employee_no) if member else []
        self.named.setRowCount(len(self.items))
        for r, n in enumerate(self.items):
            cells = [
                f"{n.visit_start.astimezone():%Y-%m-%d}" if n.visit_start else "",
                n.item_id,
                n.text,
                n.counter,
                self.tr("failed") if n.failed else self.tr("passed"),
            ]
            for c, text in enumerate(cells):
                item = _cell(text)
                if c == 4 and n.failed:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.named.setItem(r, c, item)
        self._resummarise()

    def _retitle(self) -> None:
        self.title.setText(
            self.tr("Staff of %1: %2")
            .replace("%1", self.code or "—")
            .replace("%2", str(len(self.rows)))
        )

    def _resummarise(self) -> None:
        member = self.selected()
        if member is None:
            self.summary.setText(self.tr("Choose an employee to see the items they were named in."))
            return
        failed = sum(1 for n in self.items if n.failed)
        self.summary.setText(
            self.tr("%1 %2: named in %3 item(s), %4 failed")
            .replace("%1", member.employee_no)
            .replace("%2", member.name)
            .replace("%3", str(len(self.items)))
            .replace("%4", str(failed))
        )

    def retranslate(self) -> None:
        if not self._built:
            self._retitle()
            self._resummarise()
            return  # _build translates the tables
        self.staff.setHorizontalHeaderLabels(
            [self.tr("Employee no."), self.tr("Name"), self.tr("Post"), self.tr("Status")]
        )
        self.named.setHorizontalHeaderLabels(
            [
                self.tr("Visit"),
                self.tr("Item"),
                self.tr("Text"),
                self.tr("Counter"),
                self.tr("Result"),
            ]
        )
        self._retitle()
        self._resummarise()
        if self.code is not None:
            self.show_branch(self.code)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
