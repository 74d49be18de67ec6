"""The APK's own class hierarchy, read from the class_defs of every dex on demand.

javac and kotlinc name the *static type of the receiver* in a method reference, not the
class that declares the method: `this.requestPermissions(...)` inside `KycActivity` is
written `Lcom/app/KycActivity;->requestPermissions(...)`, and `managedQuery(...)` the same
way. To match a catalogue of framework members against such references, two questions are
asked of the hierarchy:

- downward, before scanning: which APK classes descend from catalogued class F
  (`descendants`)? The scanner then also looks for `C->m` for each such C, through the same
  sorted-id-table resolution as for F itself, so a dex that never names `C->m` costs nothing;
- upward, for each reference found that way: is `C->m` really F's member, i.e. does no APK
  class between C and F declare `m` itself (`resolve`)?

Both read only the int columns of class_defs (one array per dex, no string decoded) plus the
names of the few classes involved. A superclass can live in another dex (multidex, splits,
code loaded at run time), so every question goes to every dex. Classes that are not in the
APK (android.*, or AndroidX when it is not bundled) continue through `links`: superclass and
interface data from the catalogue (auditor/catalogue/framework_classes.yaml).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from ._file import DexFile
from ._flow import MethodFlow, analyse_method
from ._model import DexError

__all__ = ["NO_INDEX", "ClassLink", "Hierarchy"]

NO_INDEX = 0xFFFFFFFF
_U32 = struct.Struct("<I")
_U16 = struct.Struct("<H")
_TYPE_TYPE_LIST = 0x1001


class ClassLink(NamedTuple):
    """Superclass and interfaces of a class the APK does not define (catalogue data)."""

    super: str | None
    interfaces: tuple[str, ...] = ()


class _Table:
    """The class_defs of one DexFile as int columns, with lazily built lookups."""

    __slots__ = ("_implementers", "_supers_raw", "_types_raw", "iface_offs", "supers", "types")

    def __init__(self, dex: DexFile) -> None:
        words = dex.class_def_words()
        self.types = words[0::8]
        self.supers = words[2::8]
        self.iface_offs = words[3::8]
        self._types_raw: bytes | None = None
        self._supers_raw: bytes | None = None
        self._implementers: dict[int, list[int]] | None = None

    @staticmethod
    def _find_all(raw: bytes, tidx: int) -> list[int]:
        needle, out = _U32.pack(tidx), []
        pos = raw.find(needle)
        while pos >= 0:
            if not pos & 3:
                out.append(pos >> 2)
            pos = raw.find(needle, pos + 1)
        return out

    def position(self, tidx: int) -> int | None:
        """class_def index of type #tidx (the first definition wins, as when ART loads it)."""
        if self._types_raw is None:
            self._types_raw = self.types.tobytes()
        found = self._find_all(self._types_raw, tidx)
        return found[0] if found else None

    def subclasses(self, tidx: int) -> list[int]:
        """class_def indices whose superclass is type #tidx: a bytes search of the column."""
        if self._supers_raw is None:
            self._supers_raw = self.supers.tobytes()
        return self._find_all(self._supers_raw, tidx)

    def implementers(self, dex: DexFile, tidx: int) -> list[int]:
        """class_def indices that list type #tidx among their direct interfaces."""
        if self._implementers is None and not _in_type_lists(dex, tidx):
            return []  # implemented by nobody: no need to parse the interface lists
        if self._implementers is None:
            by_list: dict[int, tuple[int, ...]] = {}
            implementers: dict[int, list[int]] = {}
            for ci, off in enumerate(self.iface_offs):
                if not off:
                    continue
                listed = by_list.get(off)
                if listed is None:
                    listed = by_list[off] = _type_list(dex, off)
                for t in listed:
                    implementers.setdefault(t, []).append(ci)
            self._implementers = implementers
        return self._implementers.get(tidx, [])


def _in_type_lists(dex: DexFile, tidx: int) -> bool:
    """Whether type #tidx may appear in any type_list (a bytes search of their area; False
    proves it is nobody's interface, True may be a coincidence of other bytes)."""
    lo, count = dex.map_item(_TYPE_TYPE_LIST)
    if not count or not lo or lo >= dex.end:
        return True  # no map entry to go by: parse
    hi = dex.map_area_end(lo)
    buf, needle = dex.data, _U16.pack(tidx)
    pos = buf.find(needle, lo, hi)
    while pos >= 0 and (pos - lo) & 1:
        pos = buf.find(needle, pos + 1, hi)
    return pos >= 0


def _type_list(dex: DexFile, off: int) -> tuple[int, ...]:
    """The type indices of the type_list at `off` (bounds-checked)."""
    buf, end = dex.data, dex.end
    if off % 4 or off > end - 4:
        raise dex.fail(f"type_list offset {off:#x} is misaligned or past the end")
    n = _U32.unpack_from(buf, off)[0]
    if n > (end - off - 4) // 2:
        raise dex.fail(f"type_list at {off:#x} claims {n} entries, past the end")
    types: tuple[int, ...] = struct.unpack_from(f"<{n}H", buf, off + 4)
    return types


def _members(dex: DexFile, class_data_off: int) -> tuple[list[int], list[tuple[int, int]]]:
    """(field indices, (method index, code_off) pairs) a class declares; abstract and native
    methods are included with code_off 0."""
    if not class_data_off:
        return [], []
    pos = class_data_off
    counts = []
    for _ in range(4):
        value, pos = dex.uleb(pos)
        counts.append(value)
    sfields, ifields, dmethods, vmethods = counts
    if 2 * (sfields + ifields) + 3 * (dmethods + vmethods) > dex.end - pos:
        raise dex.fail(f"class_data at {class_data_off:#x}: counts exceed the file")
    fields: list[int] = []
    methods: list[tuple[int, int]] = []
    for count in (sfields, ifields):
        idx = 0  # the index diff restarts for each of the four lists
        for _ in range(count):
            diff, pos = dex.uleb(pos)
            idx += diff
            fields.append(idx)
            _flags, pos = dex.uleb(pos)
    for count in (dmethods, vmethods):
        idx = 0
        for _ in range(count):
            diff, pos = dex.uleb(pos)
            idx += diff
            _flags, pos = dex.uleb(pos)
            code_off, pos = dex.uleb(pos)
            methods.append((idx, code_off))
    return fields, methods


class Hierarchy:
    """Class hierarchy questions over every dex of one APK (see the module docstring).

    `dexes` are the DexFile objects of the scan, in load order (base classes*.dex, code in
    assets, then splits): a class defined twice is the first definition. Answers are memoised
    per instance, which lives for one scan.
    """

    def __init__(self, dexes: Sequence[DexFile], links: Mapping[str, ClassLink] | None = None):
        self.dexes = dexes  # kept as given: a lazy sequence loads a dex only when asked
        self.links: dict[str, ClassLink] = dict(links or {})
        self._tables: list[_Table | None] = [None] * len(self.dexes)
        self._where: dict[str, tuple[int, int] | None] = {}
        self._members: dict[str, tuple[set[tuple[str, str]], dict[tuple[str, str], tuple[int, int]]]] = {}
        self._owners: dict[str, set[str]] = {}  # class -> roots it descends from (descendants)
        # framework class -> the framework classes the data says extend or implement it
        self._linked_children: dict[str, list[str]] = {}
        for cls, link in self.links.items():
            for parent in (link.super, *link.interfaces):
                if parent:
                    self._linked_children.setdefault(parent, []).append(cls)

    # ------------------------------------------------------------------ one class

    def _table(self, i: int) -> _Table:
        table = self._tables[i]
        if table is None:
            table = self._tables[i] = _Table(self.dexes[i])
        return table

    def find(self, cls: str) -> tuple[int, int] | None:
        """(dex number, class_def index) of the APK's definition of `cls`, or None."""
        if cls in self._where:
            return self._where[cls]
        found = None
        # A source that re-reads dex files says which of them can hold the class.
        where = getattr(self.dexes, "candidates", None)
        for i in sorted(where(cls)) if where is not None else range(len(self.dexes)):
            dex = self.dexes[i]
            t = dex.find_type(cls)
            if t is None:
                continue
            ci = self._table(i).position(t)
            if ci is not None:
                found = (i, ci)
                break
        self._where[cls] = found
        return found

    def in_apk(self, cls: str) -> bool:
        return self.find(cls) is not None

    def superclass(self, cls: str) -> str | None:
        """The superclass: from the APK's class_def, else from the catalogue data."""
        found = self.find(cls)
        if found is None:
            link = self.links.get(cls)
            return link.super if link else None
        i, ci = found
        sup = self._table(i).supers[ci]
        return None if sup == NO_INDEX else self.dexes[i].type_descriptor(sup)

    def interfaces(self, cls: str) -> tuple[str, ...]:
        """Direct interfaces: from the APK's class_def, else from the catalogue data."""
        found = self.find(cls)
        if found is None:
            link = self.links.get(cls)
            return link.interfaces if link else ()
        i, ci = found
        off = self._table(i).iface_offs[ci]
        if not off:
            return ()
        dex = self.dexes[i]
        return tuple(dex.type_descriptor(t) for t in _type_list(dex, off))

    def _declared(self, cls: str) -> tuple[set[tuple[str, str]], dict[tuple[str, str], tuple[int, int]]]:
        """({(field name, type)}, {(method name, descriptor): (code_off, method index)}) of
        an APK class."""
        got = self._members.get(cls)
        if got is None:
            fields: set[tuple[str, str]] = set()
            methods: dict[tuple[str, str], tuple[int, int]] = {}
            found = self.find(cls)
            if found is not None:
                i, ci = found
                dex = self.dexes[i]
                try:
                    fidx, midx = _members(dex, dex.class_data_offsets()[ci])
                except IndexError as exc:
                    raise DexError(f"{dex.name}: class_data of {cls} is truncated") from exc
                for f in fidx:
                    _c, name, type_ = dex.field_info(f)
                    fields.add((name, type_))
                for m, code_off in midx:
                    _c, name, desc = dex.method_info(m)
                    methods[(name, desc)] = (code_off, m)
            got = self._members[cls] = (fields, methods)
        return got

    def declares_method(self, cls: str, name: str, descriptor: str | None = None) -> bool:
        """Whether the APK's class `cls` declares `name` (with `descriptor`, or any)."""
        methods = self._declared(cls)[1]
        if descriptor is not None:
            return (name, descriptor) in methods
        return any(n == name for n, _d in methods)

    def declared_methods(self, cls: str) -> list[tuple[str, str]]:
        """(name, descriptor) of every method the APK's class `cls` declares, sorted."""
        return sorted(self._declared(cls)[1])

    def method_code(self, cls: str, name: str, descriptor: str) -> tuple[DexFile, int, int] | None:
        """(dex, code_off, method index) of the APK's method `cls->name descriptor`, if it
        has code."""
        code_off, midx = self._declared(cls)[1].get((name, descriptor), (0, 0))
        found = self.find(cls)
        if not code_off or found is None:
            return None
        return self.dexes[found[0]], code_off, midx

    def method_flow(self, method: str) -> MethodFlow | None:
        """The def-use pass (auditor.dex._flow) of one APK method 'Lc;->n(d)r', or None when
        the APK does not define it with code. DexError for code that cannot be read."""
        cls, rest = method.split("->", 1)
        if "(" not in rest:
            return None
        name, desc = rest.split("(", 1)
        code = self.method_code(cls, name, "(" + desc)
        if code is None:
            return None
        dex, code_off, midx = code
        try:
            return analyse_method(dex, code_off, midx)
        except DexError:
            raise
        except (IndexError, ValueError, OverflowError, struct.error) as exc:
            raise dex.fail(f"code of {method} is malformed ({exc})") from exc

    def class_column(self, cls: str, column: int) -> tuple[DexFile, int] | None:
        """(dex, class_def word `column`) of an APK class: 5 annotations_off, 7 static_values."""
        found = self.find(cls)
        if found is None:
            return None
        i, ci = found
        dex = self.dexes[i]
        return dex, dex.class_def_words()[8 * ci + column]

    def static_fields(self, cls: str) -> list[str]:
        """'Lc;->name:T' of the APK class's static fields, in class_data order (the order of
        its static_values array)."""
        found = self.find(cls)
        if found is None:
            return []
        i, ci = found
        dex = self.dexes[i]
        off = dex.class_data_offsets()[ci]
        if not off:
            return []
        count = dex.uleb(off)[0]
        fields = _members(dex, off)[0][:count]
        return ["{}->{}:{}".format(*dex.field_info(f)) for f in fields]

    def declares_field(self, cls: str, name: str, type_: str | None = None) -> bool:
        fields = self._declared(cls)[0]
        if type_ is not None:
            return (name, type_) in fields
        return any(n == name for n, _t in fields)

    # ------------------------------------------------------------------ upward

    def superclasses(self, cls: str) -> list[str]:
        """`cls`, its superclass, and so on while known (APK class_defs, then data)."""
        out: list[str] = []
        seen: set[str] = set()
        c: str | None = cls
        while c and c not in seen:
            seen.add(c)
            out.append(c)
            c = self.superclass(c)
        return out

    def resolve(
        self, cls: str, member: tuple[str, str | None], root: str, *, field: bool = False
    ) -> bool:
        """Whether the reference `cls->member` is the member of `root` that `cls` inherits.

        Walks the superclasses of `cls` up to `root`. An APK class on the way that declares the
        member itself stops the walk: the reference is to the app's own code (an override, or
        an unrelated member of the same name), not to the catalogued one. A root that is not
        a superclass (an interface: default methods, interface members named through an
        implementing class) is accepted when `descendants` found `cls` below it.
        """
        name, desc = member
        declares = self.declares_field if field else self.declares_method
        for c in self.superclasses(cls):
            if c == root:
                return True
            if self.in_apk(c) and declares(c, name, desc):
                return False
        return root in self._owners.get(cls, ())

    # ------------------------------------------------------------------ downward

    def descendants(self, roots: Iterable[str]) -> dict[str, frozenset[str]]:
        """APK classes that extend or implement one of `roots`, directly or not, each with
        the roots it descends from. The roots themselves are left out unless they descend
        from another root.

        Breadth-first and dex-major (each round visits every dex once, which matters when
        the dex files are re-read rather than kept): a dex that names a class is asked for
        the classes whose superclass (a bytes search of one column) or interface list is
        that class, and only those classes' names are decoded. Framework classes between an
        APK class and a root (AppCompatActivity -> ... -> Activity when AndroidX is not
        bundled) come from the catalogue links. Every class visited is looked up in every
        dex on the way, so `find` needs no further reads for them afterwards.
        """
        owners = self._owners
        found: set[str] = set()
        looked: dict[str, set[int]] = {}  # class -> dex numbers it was looked up in
        items: list[tuple[str, frozenset[str]]] = []

        def add(cls: str, rs: frozenset[str]) -> bool:
            have = owners.setdefault(cls, set())
            new = rs - have
            if not new:
                return False
            have |= new
            items.append((cls, frozenset(new)))
            for link_child in self._linked_children.get(cls, ()):
                add(link_child, rs)
            return True

        for root in roots:
            add(root, frozenset((root,)))
        while items:
            # One round: every dex once, in order. Classes found in dex d are looked for in
            # the dex files after d in the same round, and in all of them in the next.
            todo, items = items, []
            start = 0
            for d in range(len(self.dexes)):
                dex = self.dexes[d]
                table = self._table(d)
                k = 0
                while k < len(todo):
                    cls, rs = todo[k]
                    k += 1
                    looked.setdefault(cls, set()).add(d)
                    t = dex.find_type(cls)
                    if t is None:
                        continue
                    ci = table.position(t)
                    if ci is not None and self._where.get(cls) is None:
                        self._where[cls] = (d, ci)
                    for child_ci in (*table.subclasses(t), *table.implementers(dex, t)):
                        child = dex.type_descriptor(table.types[child_ci])
                        found.add(child)
                        self._where.setdefault(child, (d, child_ci))
                        if add(child, rs):
                            todo.extend(items[start:])
                            start = len(items)
        n = len(self.dexes)
        for cls, dexes in looked.items():  # looked up in every dex and never defined
            if len(dexes) >= n:
                self._where.setdefault(cls, None)
        out = {c: frozenset(owners[c] - {c}) for c in sorted(found)}
        return {c: rs for c, rs in out.items() if rs}
