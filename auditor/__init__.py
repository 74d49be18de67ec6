"""auditor: static audit of Android lending-app APKs for personal-data over-collection.

    import auditor
    report = auditor.scan("app.apk", policies=["cn"], lang="zh")
    table = auditor.scan_many(["dump/"], jobs=4)        # writes nothing unless out_dir=...

See auditor/api.py for both (their docstrings list every option).
"""

__version__ = "0.1.0"

__all__ = ["BatchOptions", "ScanOptions", "__version__", "scan", "scan_many"]


def __getattr__(name: str) -> object:  # lazy: `import auditor` must not load pandas
    if name in ("scan", "scan_many"):
        from auditor import api

        return getattr(api, name)
    if name in ("ScanOptions", "BatchOptions"):
        from auditor import options

        return getattr(options, name)
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
