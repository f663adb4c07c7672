"""Translation: every user-visible string goes through :func:`tr` (one context, ``mfaf``).

``i18n/mfaf_<lang>.ts`` holds the sources; the build (``make translations``) compiles them to
``.qm`` with Qt's ``lrelease``. :func:`install_translator` loads the file matching QGIS's user
locale (setting ``locale/userLocale``, else the system locale) when the provider loads.
"""

import os

from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

CONTEXT = "mfaf"
I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n")


def tr(text: str) -> str:
    """Translate ``text`` in the plugin's context."""
    return QCoreApplication.translate(CONTEXT, text)


def user_locale() -> str:
    """QGIS's user interface locale, e.g. ``zh-Hans`` or ``en_US``."""
    override = QSettings().value("locale/overrideFlag", False, type=bool)
    loc = QSettings().value("locale/userLocale", "", type=str) if override else ""
    return loc or QLocale.system().name()


def qm_path(locale: str) -> str:
    """The compiled translation for ``locale`` (``zh-Hans``, ``zh_CN`` -> ``mfaf_zh_CN.qm``)."""
    loc = locale.replace("-", "_")
    candidates = [loc, loc[:2]]
    if loc.lower().startswith("zh"):
        candidates.insert(0, "zh_CN")
    for c in candidates:
        path = os.path.join(I18N_DIR, "mfaf_{}.qm".format(c))
        if os.path.exists(path):
            return path
    return ""


def install_translator(locale: str = ""):
    """Load and install the translator for ``locale`` (default: QGIS's). Returns it or None."""
    path = qm_path(locale or user_locale())
    if not path:
        return None
    translator = QTranslator()
    if not translator.load(path):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
