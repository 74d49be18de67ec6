"""The renderer interface: a finished model in (a Report, or a ReportDiff), text out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

#: What a renderer renders: auditor.model.Report, or auditor.diff.model.ReportDiff.
Subject = TypeVar("Subject")


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    color: bool = False  # ANSI colours (terminal only)
    width: int = 80
    verbose: bool = False  # show every call site (reports)


class Renderer(ABC, Generic[Subject]):
    """One output format of one kind of model; `auditor.render.get_renderer` picks it."""

    name: ClassVar[str]  # the format, as --format spells it

    @abstractmethod
    def render(self, subject: Subject, options: RenderOptions) -> str:
        """Return the whole document."""
