"""bqinspect: offline bank-branch service-quality inspections and mystery shopping."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bqinspect")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"

APP_NAME = "bqinspect"
