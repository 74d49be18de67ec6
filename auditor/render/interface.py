"""The renderer interface: a finished Report in, text out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from auditor.model import Report


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    color: bool = False  # ANSI colours (terminal only)
    width: int = 80
    verbose: bool = False  # show every call site


class Renderer(ABC):
    name: str

    @abstractmethod
    def render(self, report: Report, options: RenderOptions) -> str:
        """Return the whole document."""
