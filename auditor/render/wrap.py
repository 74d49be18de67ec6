"""Line breaking for the terminal outputs, at any width and in any language.

rich (and textwrap) break at spaces and cut any word longer than the line: a URL, an API
name or a package split over two lines can no longer be copied, and Chinese, which has no
spaces, is cut at the spaces around a Latin word ("网络借贷类 App⏎的必要个人信息"). This
module breaks text the way a reader expects:

* Latin text breaks at spaces only. A word, a URL, an API or package name is never split: one
  longer than the line gets a line of its own and runs past the edge (a terminal shows it
  whole and a copy gives it whole).
* Chinese (and other wide) text breaks between any two characters, except before closing
  punctuation (，。）…) and after opening punctuation (（《“…).
* A space between a Chinese character and a short Latin word binds: the word stays on the
  line of its Chinese neighbours ("类 App 的" is never broken). A long name (a package, a
  URL) next to Chinese does not bind: it may start a line of its own.

Widths are display columns: a Chinese character takes two.

`table()` lays out rows in columns wrapped the same way, and falls back to one block per row
when the columns cannot fit (a narrow terminal), so no cell is ever cut or truncated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Characters that may not start a line (closing punctuation) or end one (opening).
NO_START = frozenset("，。、；：！？）》」』】〕〉”’…‥·％,.;:!?)]}%")
NO_END = frozenset("（《「『【〔〈“‘([{")

#: Wide scripts (Hangul, CJK, kana, fullwidth forms): a run of anything else is one piece.
_WIDE = "\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_PIECES = re.compile(rf"(\s+)|([^\s{_WIDE}]+)|(.)")


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Display columns of `text` (a wide character counts two)."""
    return sum(char_width(c) for c in text)


def _wide(ch: str) -> bool:
    return char_width(ch) == 2


@dataclass
class _Piece:
    text: str
    space: bool = False
    wide: bool = False  # one wide (CJK) character


def _pieces(text: str) -> list[_Piece]:
    out = []
    for m in _PIECES.finditer(text):
        if m.group(1) is not None:
            # one space, or two where the text uses a double space to set things apart
            run = m.group(1)
            gap = "  " if len(run) >= 2 and "\n" not in run else " "
            out.append(_Piece(gap, space=True))
        elif m.group(2) is not None:
            out.append(_Piece(m.group(2)))
        else:
            ch = m.group(3)
            out.append(_Piece(ch, wide=_wide(ch)))
    return out


#: A Latin word up to this wide binds to a Chinese neighbour across a space.
BIND_WIDTH = 12


def _binds(wide: _Piece | None, latin: _Piece | None) -> bool:
    return bool(
        wide and wide.wide and latin and not latin.wide and width(latin.text) <= BIND_WIDTH
    )


def groups(text: str) -> list[tuple[str, int]]:
    """`text` as unbreakable groups, each with the spaces that separate it from the next
    one (0: none; a break there drops them). Runs of spaces become one, or two where the
    text had two or more (a gap meant to set things apart)."""
    pieces = _pieces(text.strip())
    out: list[tuple[str, int]] = []
    current = ""
    for i, p in enumerate(pieces):
        if p.space:
            before = pieces[i - 1] if i else None
            after = pieces[i + 1] if i + 1 < len(pieces) else None
            if _binds(before, after) or _binds(after, before):
                current += " "  # binds the Latin word to its Chinese neighbour
            elif current:
                out.append((current, len(p.text)))
                current = ""
            continue
        if current and not current.endswith(" "):
            prev_char, first = current[-1], p.text[0]
            breakable = (_wide(prev_char) or p.wide) and (
                first not in NO_START and prev_char not in NO_END
            )
            if breakable:
                out.append((current, 0))
                current = ""
        current += p.text
    if current:
        out.append((current, 0))
    return out


def _unglued(group: str) -> list[tuple[str, int]]:
    """A group split at the spaces that bind Latin words to Chinese ones: used only when
    the whole group is wider than a line (a long name next to a Chinese word)."""
    parts = group.split(" ")
    return [(p, 1 if i < len(parts) - 1 else 0) for i, p in enumerate(parts)]


def longest_group(text: str) -> int:
    """Width of the widest part of `text` that cannot be broken (its minimum column)."""
    return max((width(p) for g, _ in groups(text) for p, _ in _unglued(g)), default=0)


def wrap(text: str, columns: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """`text` broken into lines of at most `columns` display columns (longer only for a
    group that cannot be broken: it gets a line of its own). `indent` starts the first
    line, `subsequent` (default: as many spaces) the others."""
    if subsequent is None:
        subsequent = " " * width(indent)
    lines: list[str] = []
    line, lead = "", indent
    used = width(lead)
    pending = 0
    room = columns - max(width(indent), width(subsequent))
    units: list[tuple[str, int]] = []
    for group, space_after in groups(text):
        if " " in group and width(group) > room:
            parts = _unglued(group)
            parts[-1] = (parts[-1][0], space_after)
            units.extend(parts)
        else:
            units.append((group, space_after))
    for group, space_after in units:
        w = width(group)
        gap = pending if line else 0
        if line and used + gap + w > columns:
            lines.append(lead + line)
            line, lead = "", subsequent
            used, gap = width(lead), 0
        line += " " * gap + group
        used += gap + w
        pending = space_after
    if line or not lines:
        lines.append(lead + line)
    return lines


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


@dataclass(frozen=True)
class Column:
    header: str
    weight: int = 1  # share of the spare width this column gets
    nowrap: bool = False  # keep the cell on one line (short values: yes/no, a score)


#: A column that must wrap is at least this wide (or as wide as its widest cell, if less).
MIN_COLUMN = 12

#: One table cell: its text and a style name for the caller (None: plain).
Cell = tuple[str, "str | None"]


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    total: int,
    gap: int = 2,
    colon: str = ": ",
) -> list[list[Cell]]:
    """Rows laid out in columns within `total` display columns, as lines of styled
    segments. Cells wrap (never cut, never "…"); when even the narrowest layout does not
    fit, each row becomes a block: its first cell, then "header: value" lines below it."""
    n = len(columns)
    cells = [[c if isinstance(c, tuple) else (str(c), None) for c in row] for row in rows]
    natural = [
        max([width(col.header)] + [width(r[i][0]) for r in cells]) for i, col in enumerate(columns)
    ]
    minimum = [
        natural[i]
        if col.nowrap
        else max(
            [longest_group(col.header), min(natural[i], MIN_COLUMN)]
            + [longest_group(r[i][0]) for r in cells]
        )
        for i, col in enumerate(columns)
    ]
    spare = total - gap * (n - 1)
    if sum(minimum) > spare:
        return _blocks(columns, cells, total, colon)
    widths = list(natural)
    if sum(natural) > spare:
        widths = list(minimum)
        left = spare - sum(minimum)
        wants = [natural[i] - minimum[i] for i in range(n)]
        while left > 0 and any(wants):
            shares = [columns[i].weight if wants[i] else 0 for i in range(n)]
            unit = max(1, left // max(1, sum(shares)))
            for i in range(n):
                if left <= 0:
                    break
                give = min(wants[i], shares[i] * unit, left)
                widths[i] += give
                wants[i] -= give
                left -= give
    out: list[list[Cell]] = []
    header = [(pad(col.header, widths[i]), "bold") for i, col in enumerate(columns)]
    out.append(_join(header, gap))
    out.append([((" " * gap).join("─" * w for w in widths), "dim")])
    for row in cells:
        wrapped = [wrap(text, widths[i]) for i, (text, _) in enumerate(row)]
        height = max(len(w) for w in wrapped)
        for k in range(height):
            line = [
                (pad(wrapped[i][k] if k < len(wrapped[i]) else "", widths[i]), row[i][1])
                for i in range(n)
            ]
            out.append(_join(line, gap))
    return out


def _join(cells: list[Cell], gap: int) -> list[Cell]:
    out: list[Cell] = []
    for i, cell in enumerate(cells):
        if i:
            out.append((" " * gap, None))
        out.append(cell)
    # no trailing spaces at the end of a line
    text, style = out[-1]
    out[-1] = (text.rstrip(), style)
    return out


def _blocks(
    columns: Sequence[Column], rows: list[list[Cell]], total: int, colon: str
) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for row in rows:
        text, style = row[0]
        out.extend([[(line, style or "bold")] for line in wrap(text, total)])
        for col, (value, vstyle) in zip(columns[1:], row[1:], strict=True):
            if not value:
                continue
            head = f"    {col.header}{colon}"
            lines = wrap(value, total, indent=head, subsequent="      ")
            first = lines[0]
            out.append([(first[: len(head)], "dim"), (first[len(head) :], vstyle)])
            out.extend([[(line, vstyle)] for line in lines[1:]])
    return out


__all__ = ["Column", "char_width", "groups", "longest_group", "pad", "table", "width", "wrap"]
