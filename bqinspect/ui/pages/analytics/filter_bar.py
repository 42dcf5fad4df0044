"""The filters bar of the Analytics page: period, region, branch, form, kind and status."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from bqinspect.analytics import filters as fl
from bqinspect.analytics.filters import DEFAULT_STATUSES, Filter, Period, PeriodUnit
from bqinspect.base import clock
from bqinspect.services import branches as branch_svc
from bqinspect.ui.context import AppContext

PREFIX = "analytics/"
ALL = ""
REGION, SUB_BRANCH = "region:", "sub:"


def _combo(name: str, letters: int = 0) -> QComboBox:
    """A combo box as wide as its items, or of ``letters`` characters when they can be long."""
    box = QComboBox()
    box.setObjectName(name)
    if letters:
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(letters)
    else:
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class FilterBar(QWidget):
    """Emits ``changed`` whenever the filter it describes changes; remembers it in QSettings."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ws = ctx.workspace
        self.settings = ctx.settings
        today = clock.today()
        self.unit = _combo("unit")
        for unit in (PeriodUnit.MONTH, PeriodUnit.QUARTER, PeriodUnit.YEAR, PeriodUnit.RANGE):
            self.unit.addItem("", unit.value)
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.number = _combo("number")
        self.since = self._date_edit("since", date(today.year, 1, 1))
        self.until = self._date_edit("until", today)
        self.place = _combo("place", 8)
        self.branch = _combo("branch", 12)
        self.form = _combo("form", 10)
        self.kind = _combo("kind")
        for kind in (ALL, "onsite", "mystery"):
            self.kind.addItem("", kind)
        self.status = _combo("status", 18)
        for status in (ALL, "submitted", "approved"):
            self.status.addItem("", status)
        self.labels = [QLabel() for _ in range(5)]

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.labels[0])
        for widget in (self.unit, self.year, self.number, self.since, self.until):
            layout.addWidget(widget)
        for label, widget in zip(
            self.labels[1:], (self.place, self.branch, self.form, self.kind), strict=True
        ):
            layout.addSpacing(8)
            layout.addWidget(label)
            layout.addWidget(widget)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self.fill_choices()
        self.retranslate()
        self.restore()
        self._numbers()
        self._show_period_fields()
        for box in (self.number, self.place, self.branch, self.form, self.kind, self.status):
            box.currentIndexChanged.connect(self._changed)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.year.valueChanged.connect(self._changed)
        self.since.dateChanged.connect(self._changed)
        self.until.dateChanged.connect(self._changed)

    @staticmethod
    def _date_edit(name: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # choices -----------------------------------------------------------------------------------
    def fill_choices(self) -> None:
        """Regions, sub-branches, branches and forms from the workspace."""
        rows = branch_svc.list_branches(self.ws)
        self.place.blockSignals(True)
        self.branch.blockSignals(True)
        self.form.blockSignals(True)
        keep = (self.place.currentData(), self.branch.currentData(), self.form.currentData())
        self.place.clear()
        self.place.addItem("", ALL)
        for region in sorted({b.region for b in rows if b.region}):
            self.place.addItem(region, REGION + region)
            for sub in sorted({b.sub_branch for b in rows if b.region == region and b.sub_branch}):
                self.place.addItem(f"  {sub}", SUB_BRANCH + sub)
        self.branch.clear()
        self.branch.addItem("", ALL)
        for b in rows:
            self.branch.addItem(f"{b.code} {b.name}", b.code)
        self.form.clear()
        self.form.addItem("", ALL)
        self.form_titles: dict[str, tuple[str, str]] = {}
        for fv in self.ws.form_versions():
            self.form_titles.setdefault(fv.form_id, (fv.title_zh, fv.title_en))
        for form_id in self.form_titles:
            self.form.addItem(form_id, form_id)
        for box, value in zip((self.place, self.branch, self.form), keep, strict=True):
            self._select(box, value)
        self.place.blockSignals(False)
        self.branch.blockSignals(False)
        self.form.blockSignals(False)
        self.retranslate()

    def _numbers(self) -> None:
        unit = self.period_unit()
        keep = self.number.currentData()
        self.number.blockSignals(True)
        self.number.clear()
        if unit is PeriodUnit.MONTH:
            for n in range(1, 13):
                self.number.addItem(self.tr("Month %1").replace("%1", str(n)), n)
        elif unit is PeriodUnit.QUARTER:
            for n in range(1, 5):
                self.number.addItem(self.tr("Q%1").replace("%1", str(n)), n)
        if keep is not None:
            self._select(self.number, keep)
        self.number.blockSignals(False)

    @staticmethod
    def _select(box: QComboBox, value: object) -> bool:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)
        return index >= 0

    def _show_period_fields(self) -> None:
        unit = self.period_unit()
        ranged = unit is PeriodUnit.RANGE
        self.year.setVisible(not ranged)
        self.number.setVisible(unit in (PeriodUnit.MONTH, PeriodUnit.QUARTER))
        self.since.setVisible(ranged)
        self.until.setVisible(ranged)

    def _unit_changed(self) -> None:
        self._numbers()
        self._show_period_fields()
        self._changed()

    def _changed(self) -> None:
        self.save()
        self.changed.emit()

    # the filter --------------------------------------------------------------------------------
    def period_unit(self) -> PeriodUnit:
        return PeriodUnit(self.unit.currentData() or PeriodUnit.YEAR.value)

    def period(self) -> Period:
        unit = self.period_unit()
        tz = self.ctx.workspace.zone()  # the bank's zone, as the reports and the CLI
        number = int(self.number.currentData() or 1)
        if unit is PeriodUnit.MONTH:
            return fl.month(self.year.value(), number, tz)
        if unit is PeriodUnit.QUARTER:
            return fl.quarter(self.year.value(), number, tz)
        if unit is PeriodUnit.YEAR:
            return fl.year(self.year.value(), tz)
        since, until = _day(self.since), _day(self.until)
        return fl.date_range(min(since, until), max(since, until), tz)

    def filter(self) -> Filter:
        place = str(self.place.currentData() or "")
        branch = str(self.branch.currentData() or "")
        form = str(self.form.currentData() or "")
        status = str(self.status.currentData() or "")
        return Filter(
            period=self.period(),
            regions=(place.removeprefix(REGION),) if place.startswith(REGION) else (),
            sub_branches=(place.removeprefix(SUB_BRANCH),) if place.startswith(SUB_BRANCH) else (),
            branch_codes=(branch,) if branch else (),
            form_ids=(form,) if form else (),
            kind=str(self.kind.currentData()) or None,
            statuses=(status,) if status else DEFAULT_STATUSES,
        )

    def show_region(self, region: str) -> None:
        """Drill down: this region, all its branches."""
        self._select(self.branch, ALL)
        self._select(self.place, REGION + region)

    def show_branch(self, code: str) -> None:
        self._select(self.branch, code)

    # settings ----------------------------------------------------------------------------------
    def save(self) -> None:
        s = self.settings
        s.setValue(PREFIX + "unit", self.unit.currentData())
        s.setValue(PREFIX + "year", self.year.value())
        s.setValue(PREFIX + "number", self.number.currentData())
        s.setValue(PREFIX + "since", self.since.date().toString("yyyy-MM-dd"))
        s.setValue(PREFIX + "until", self.until.date().toString("yyyy-MM-dd"))
        for key, box in (
            ("place", self.place),
            ("branch", self.branch),
            ("form", self.form),
            ("kind", self.kind),
            ("status", self.status),
        ):
            s.setValue(PREFIX + key, box.currentData())

    def restore(self) -> None:
        s = self.settings
        self._select(self.unit, s.value(PREFIX + "unit", PeriodUnit.YEAR.value))
        self._numbers()
        self.year.setValue(int(str(s.value(PREFIX + "year", self.year.value()))))
        self._select(self.number, int(str(s.value(PREFIX + "number", clock.today().month))))
        for key, edit in (("since", self.since), ("until", self.until)):
            text = s.value(PREFIX + key)
            if text:
                edit.setDate(QDate.fromString(str(text), "yyyy-MM-dd"))
        for key, box in (
            ("place", self.place),
            ("branch", self.branch),
            ("form", self.form),
            ("kind", self.kind),
            ("status", self.status),
        ):
            value = s.value(PREFIX + key)
            if value is not None:
                self._select(box, str(value))

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for label, text in zip(
            self.labels,
            (self.tr("Period:"), self.tr("Region:"), self.tr("Branch:"), self.tr("Form:"), ""),
            strict=True,
        ):
            label.setText(text)
            label.setVisible(bool(text))
        for index, text in enumerate(
            (self.tr("Month"), self.tr("Quarter"), self.tr("Year"), self.tr("Custom range"))
        ):
            self.unit.setItemText(index, text)
        self.place.setItemText(0, self.tr("All regions"))
        self.branch.setItemText(0, self.tr("All branches"))
        self.form.setItemText(0, self.tr("All forms"))
        for index in range(1, self.form.count()):
            zh, en = self.form_titles.get(str(self.form.itemData(index)), ("", ""))
            title = zh if self.ctx.language == "zh_CN" else en
            self.form.setItemText(index, title or str(self.form.itemData(index)))
        for index, text in enumerate(
            (self.tr("Both kinds"), self.tr("On-site"), self.tr("Mystery"))
        ):
            self.kind.setItemText(index, text)
        for index, text in enumerate(
            (self.tr("Submitted and approved"), self.tr("Submitted"), self.tr("Approved"))
        ):
            self.status.setItemText(index, text)
        self.labels[4].setText("")
        self._numbers()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
