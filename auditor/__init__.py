"""auditor: static audit of Android lending-app APKs for personal-data over-collection."""

__version__ = "0.1.0"

__all__ = ["__version__", "scan", "scan_many"]


def __getattr__(name: str) -> object:  # lazy: `import auditor` must not load pandas
    if name == "scan_many":
        from auditor.batch import scan_many

        return scan_many
    if name == "scan":
        from auditor.pipeline import scan

        return scan
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
