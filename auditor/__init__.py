"""auditor: static audit of Android lending-app APKs for personal-data over-collection."""

__version__ = "0.1.0"

__all__ = ["__version__"]
