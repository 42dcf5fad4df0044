"""The Sync page now lives in :mod:`bqinspect.ui.sync`; this name stays for the main window."""

from bqinspect.ui.sync.page import SyncPage

__all__ = ["SyncPage"]
