"""UI language: Qt translators for the app and Qt's own strings, switched at run time."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
)

from bqinspect.base import resources
from bqinspect.domain import messages
from bqinspect.ui.context import AppContext

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
SETTINGS_KEY = "ui/language"
APP_CATALOG = "bqinspect"


def normalize(lang: str | None) -> str:
    """One of :data:`LANGUAGES` for any spelling (``zh``, ``zh-CN``, ``en_US``...)."""
    text = (lang or "").replace("-", "_").strip()
    if text.lower().startswith("zh"):
        return "zh_CN"
    if text.lower().startswith("en"):
        return "en"
    return system_language()


def system_language() -> str:
    """zh_CN where the system locale is Chinese, English otherwise."""
    return "zh_CN" if QLocale.system().name().lower().startswith("zh") else "en"


def content_language(lang: str) -> str:
    """The language code of form texts (``Text.get``) matching a UI language."""
    return "zh" if lang.startswith("zh") else "en"


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


class Translators(QObject):
    """The translators installed on the application; a child of it, found by name."""

    OBJECT_NAME = "bqinspect-translators"

    def __init__(self, app: QCoreApplication, directory: Path | None = None):
        super().__init__(app)
        self.setObjectName(self.OBJECT_NAME)
        self._app = app
        self.directory = directory or resources.translations_dir()
        self._installed: list[QTranslator] = []
        self.language = "en"

    @classmethod
    def of(cls, app: QCoreApplication) -> Translators:
        found = app.findChild(Translators, cls.OBJECT_NAME)
        return found if found is not None else cls(app)

    def apply(self, lang: str) -> bool:
        """Install the translators of ``lang``; False if the app catalog is missing.

        Installing or removing a translator makes Qt send ``LanguageChange`` to every widget,
        which retranslates itself.
        """
        lang = normalize(lang)
        messages.set_language(lang)  # the core's refusals, in the same language
        try:
            return self._apply(lang)
        finally:
            # Qt posts LanguageChange to the windows: deliver it now, so every widget has
            # retranslated itself when this returns (and before language_changed is emitted).
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def _apply(self, lang: str) -> bool:
        for old in self._installed:
            self._app.removeTranslator(old)
        self._installed.clear()
        self.language = lang
        QLocale.setDefault(QLocale(lang))
        if lang == "en":
            return True  # the source strings are English
        complete = True
        qt_base = QTranslator(self)
        if qt_base.load(f"qtbase_{lang}", str(qt_translations_dir())):
            self._install(qt_base)
        else:
            log.warning("Qt's own %s translation was not found in %s", lang, qt_translations_dir())
        app_catalog = QTranslator(self)
        if app_catalog.load(f"{APP_CATALOG}_{lang}", str(self.directory)):
            self._install(app_catalog)
        else:
            complete = False
            log.warning(
                "no compiled translation %s_%s.qm in %s (run the set-up script to compile it)",
                APP_CATALOG,
                lang,
                self.directory,
            )
        return complete

    def _install(self, translator: QTranslator) -> None:
        self._app.installTranslator(translator)
        self._installed.append(translator)


def install(app: QCoreApplication, lang: str, directory: Path | None = None) -> Translators:
    """Install the translators for ``lang`` at start-up."""
    translators = Translators.of(app)
    if directory is not None:
        translators.directory = directory
    translators.apply(lang)
    return translators


def set_language(ctx: AppContext, lang: str) -> str:
    """Switch the UI language now (nothing typed is lost) and remember it.

    ``ctx.language_changed`` is emitted after the translators changed.
    """
    app = QCoreApplication.instance()
    assert app is not None
    lang = normalize(lang)
    Translators.of(app).apply(lang)
    ctx.language = lang
    ctx.settings.setValue(SETTINGS_KEY, lang)
    ctx.language_changed.emit(lang)
    return lang


def saved_language(settings: QSettings) -> str:
    """The language saved in QSettings, or the system's."""
    value = settings.value(SETTINGS_KEY, "")
    return normalize(str(value)) if value else system_language()
