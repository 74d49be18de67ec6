"""Readable names for smali references, shared by the human-facing renderers.

`Landroid/content/ContentResolver;->query(Landroid/net/Uri;...)Landroid/database/Cursor;`
becomes `ContentResolver.query()`; a caller becomes `com.example.app.Reader.read()`.
JSON and SARIF keep the exact smali form.
"""

from __future__ import annotations


def _java_class(descriptor: str) -> str:
    if descriptor.startswith("L") and descriptor.endswith(";"):
        descriptor = descriptor[1:-1]
    return descriptor.replace("/", ".")


def short_reference(detail: str) -> str:
    """An API, field or string reference as a short readable name."""
    if ";->" not in detail:
        return detail
    cls, member = detail.split(";->", 1)
    simple = _java_class(cls + ";").rsplit(".", 1)[-1]
    if "(" in member:
        return f"{simple}.{member.split('(', 1)[0]}()"
    return f"{simple}.{member.split(':', 1)[0]}"


def readable_caller(caller: str | None) -> str:
    """`Lcom/x/Y;->m(I)V` -> `com.x.Y.m()`."""
    if not caller:
        return ""
    if ";->" not in caller:
        return caller
    cls, member = caller.split(";->", 1)
    return f"{_java_class(cls + ';')}.{member.split('(', 1)[0]}()"


def short_method(method: str | None) -> str:
    """`Lcom/x/Y$1;->m(I)V` -> `Y$1.m()`: the class's simple name and the method."""
    if not method or ";->" not in method:
        return method or ""
    cls, member = method.split(";->", 1)
    return f"{_java_class(cls + ';').rsplit('.', 1)[-1]}.{member.split('(', 1)[0]}()"


def readable_location(caller: str | None, source_method: str | None = None) -> str:
    """The calling method, readable; for compiler-made code the method a reader recognises
    first, then the compiler-made one: `com.x.Main.onCreate() (Main.onCreate$lambda$0())`."""
    if not source_method:
        return readable_caller(caller)
    return f"{readable_caller(source_method)} ({short_method(caller)})"
