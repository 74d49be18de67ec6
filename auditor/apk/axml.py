"""Binary XML (AndroidManifest.xml) read the way Android's framework parser reads it.

The framework reads a manifest with ResXMLTree / ResXMLParser and ResStringPool (AOSP
frameworks/base/libs/androidfw/ResourceTypes.cpp). What they do, and so what this reader does:

* chunks are walked by their header and total sizes; before the first element node only the
  string pool and the resource map matter (the last of each wins), anything else is skipped;
* from the first node on, nodes follow one another by total size; a node type the parser
  does not know is skipped, also inside the element tree;
* a string pool is located by its own header size (a header larger than the standard 28
  bytes is honoured), strings by the offsets table and their length prefixes: no terminator
  is needed, and a UTF-16 offset is used in whole 16-bit units (an odd byte offset rounds
  down, as the framework divides it by two);
* an attribute of the android namespace is known by its resource id (the resource map), not
  by its name string, and its value is its typed value (Res_value: a string index, an int, a
  boolean, a reference), which is what the framework's TypedArray reads; an attribute
  outside the android namespace (`package`) is read from its raw string first, as
  XmlBlock.Parser.getAttributeValue does;
* start-element records are read with their own attributeStart / attributeSize.

Where the framework would stop (a node whose sizes do not fit), this reader stops too and
keeps what came before; where it would refuse outright (a header that lies about the size,
a namespace node of size zero), the reader goes on with the obvious reading and records a
note. Values are formatted as androguard formats them (`@7F0A0001`, `true`, `0x10`) so the
rest of auditor reads either parser's tree the same way.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

ANDROID_NS = "http://schemas.android.com/apk/res/android"

RES_STRING_POOL = 0x0001
RES_XML = 0x0003
RES_XML_FIRST_NODE = 0x0100
RES_XML_START_NAMESPACE = 0x0100
RES_XML_END_NAMESPACE = 0x0101
RES_XML_START_ELEMENT = 0x0102
RES_XML_END_ELEMENT = 0x0103
RES_XML_CDATA = 0x0104
RES_XML_LAST_NODE = 0x017F
RES_XML_RESOURCE_MAP = 0x0180

UTF8_FLAG = 0x100
NO_INDEX = 0xFFFFFFFF

TYPE_NULL = 0x00
TYPE_REFERENCE = 0x01
TYPE_ATTRIBUTE = 0x02
TYPE_STRING = 0x03
TYPE_FLOAT = 0x04
TYPE_DIMENSION = 0x05
TYPE_FRACTION = 0x06
TYPE_INT_DEC = 0x10
TYPE_INT_HEX = 0x11
TYPE_INT_BOOLEAN = 0x12
TYPE_FIRST_COLOR = 0x1C
TYPE_LAST_COLOR = 0x1F

#: android: attributes a manifest uses, by resource id (AOSP frameworks/base/core/res/res/
#: values/public.xml). The framework knows attributes by these ids only.
ANDROID_ATTRIBUTES: dict[int, str] = {
    0x01010000: "theme",
    0x01010001: "label",
    0x01010002: "icon",
    0x01010003: "name",
    0x01010006: "permission",
    0x01010007: "readPermission",
    0x01010008: "writePermission",
    0x01010009: "protectionLevel",
    0x0101000A: "permissionGroup",
    0x0101000B: "sharedUserId",
    0x0101000C: "hasCode",
    0x0101000D: "persistent",
    0x0101000E: "enabled",
    0x0101000F: "debuggable",
    0x01010010: "exported",
    0x01010011: "process",
    0x01010012: "taskAffinity",
    0x01010013: "multiprocess",
    0x01010014: "finishOnTaskLaunch",
    0x01010015: "clearTaskOnLaunch",
    0x01010016: "stateNotNeeded",
    0x01010017: "excludeFromRecents",
    0x01010018: "authorities",
    0x01010019: "syncable",
    0x0101001A: "initOrder",
    0x0101001B: "grantUriPermissions",
    0x0101001C: "priority",
    0x0101001D: "launchMode",
    0x0101001E: "screenOrientation",
    0x0101001F: "configChanges",
    0x01010020: "description",
    0x01010021: "targetPackage",
    0x01010022: "handleProfiling",
    0x01010023: "functionalTest",
    0x01010024: "value",
    0x01010025: "resource",
    0x01010026: "mimeType",
    0x01010027: "scheme",
    0x01010028: "host",
    0x01010029: "port",
    0x0101002A: "path",
    0x0101002B: "pathPrefix",
    0x0101002C: "pathPattern",
    0x0101002D: "action",
    0x0101002E: "data",
    0x0101002F: "targetClass",
    0x010100D0: "id",
    0x0101020C: "minSdkVersion",
    0x0101021B: "versionCode",
    0x0101021C: "versionName",
    0x01010270: "targetSdkVersion",
    0x01010271: "maxSdkVersion",
    0x01010272: "testOnly",
    0x0101027F: "backupAgent",
    0x01010280: "allowBackup",
    0x0101028E: "required",
    0x010102B7: "installLocation",
    0x010102D3: "hardwareAccelerated",
    0x0101035A: "largeHeap",
    0x01010398: "uiOptions",
    0x010103AF: "supportsRtl",
    0x010104EA: "extractNativeLibs",
    0x010104EB: "fullBackupContent",
    0x010104EC: "usesCleartextTraffic",
    0x01010527: "networkSecurityConfig",
    0x0101052C: "roundIcon",
    0x0101054B: "isolatedSplits",
    0x0101054C: "targetSandboxVersion",
}


class AxmlError(ValueError):
    """No manifest the framework could read: no header or no element at all."""


@dataclass
class Attribute:
    namespace: str | None
    name: str
    value: str
    res_id: int | None = None


@dataclass
class Element:
    tag: str
    namespace: str | None
    attributes: list[Attribute] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)


@dataclass
class Document:
    root: Element
    notes: list[str] = field(default_factory=list)


def _u16(b: bytes, off: int) -> int:
    return int.from_bytes(b[off : off + 2], "little")


def _u32(b: bytes, off: int) -> int:
    return int.from_bytes(b[off : off + 4], "little")


class StringPool:
    """ResStringPool: strings by index, located by offsets and length prefixes."""

    def __init__(self, b: bytes, at: int, notes: list[str]) -> None:
        header_size, size = _u16(b, at + 2), _u32(b, at + 4)
        end = min(len(b), at + size)
        self.count = _u32(b, at + 8)
        style_count = _u32(b, at + 12)
        self.utf8 = bool(_u32(b, at + 16) & UTF8_FLAG)
        strings_start, styles_start = _u32(b, at + 20), _u32(b, at + 24)
        if header_size > 28:
            notes.append(f"string pool header of {header_size} bytes (28 is standard)")
        room = (strings_start - header_size) // 4
        if strings_start >= header_size and self.count > room:
            notes.append(f"string pool counts {self.count} strings but its offsets table has room for {room}")
        self.b = b
        self.offsets_at = at + header_size
        self.count = max(0, min(self.count, (end - self.offsets_at) // 4))
        self.data = at + strings_start
        pool_end = at + styles_start if style_count and styles_start > strings_start else end
        self.end = min(end, pool_end)
        self._cache: dict[int, str | None] = {}
        self.unterminated = 0

    def get(self, index: int) -> str | None:
        if index == NO_INDEX or not 0 <= index < self.count:
            return None
        if index in self._cache:
            return self._cache[index]
        value = self._read(index)
        self._cache[index] = value
        return value

    def _read(self, index: int) -> str | None:
        b, entry = self.b, _u32(self.b, self.offsets_at + 4 * index)
        if self.utf8:
            at = self.data + entry
            if at >= self.end:
                return None
            at += 2 if b[at] & 0x80 else 1  # the UTF-16 length (not needed to decode)
            if at >= self.end:
                return None
            n = b[at]
            if n & 0x80:
                n = ((n & 0x7F) << 8) | (b[at + 1] if at + 1 < len(b) else 0)
                at += 2
            else:
                at += 1
            raw = b[at : min(at + n, self.end)]
            if at + n >= self.end or b[at + n] != 0:
                self.unterminated += 1
            return raw.decode("utf-8", "replace")
        at = self.data + (entry // 2) * 2  # the framework counts UTF-16 offsets in units
        if at + 2 > self.end:
            return None
        n = _u16(b, at)
        at += 2
        if n & 0x8000:
            n = ((n & 0x7FFF) << 16) | _u16(b, at)
            at += 2
        raw = b[at : min(at + 2 * n, self.end)]
        if at + 2 * n + 2 > self.end or b[at + 2 * n : at + 2 * n + 2] != b"\x00\x00":
            self.unterminated += 1
        return raw.decode("utf-16-le", "replace")


def _complex(data: int) -> float:
    mantissa = (data >> 8) & 0xFFFFFF
    if mantissa & 0x800000:
        mantissa -= 0x1000000
    radix = (data >> 4) & 0x3
    return mantissa * (1.0 / (1 << 8), 1.0 / (1 << 15), 1.0 / (1 << 23), 1.0 / (1 << 31))[radix]


_DIMENSION_UNITS = ("px", "dip", "sp", "pt", "in", "mm")
_FRACTION_UNITS = ("%", "%p")


def format_value(dtype: int, data: int, strings: StringPool) -> str:
    """A typed value as text, formatted as androguard's AXML printer does."""
    package = "android:" if data >> 24 == 1 else ""
    if dtype == TYPE_STRING:
        return strings.get(data) or ""
    if dtype == TYPE_ATTRIBUTE:
        return f"?{package}{data:08X}"
    if dtype == TYPE_REFERENCE:
        return f"@{package}{data:08X}"
    if dtype == TYPE_FLOAT:
        return "{:f}".format(struct.unpack("<f", struct.pack("<I", data))[0])
    if dtype == TYPE_INT_HEX:
        return f"0x{data:08X}"
    if dtype == TYPE_INT_BOOLEAN:
        return "false" if data == 0 else "true"
    if dtype == TYPE_DIMENSION:
        unit = _DIMENSION_UNITS[data & 0xF] if (data & 0xF) < len(_DIMENSION_UNITS) else ""
        return f"{_complex(data):f}{unit}"
    if dtype == TYPE_FRACTION:
        unit = _FRACTION_UNITS[data & 0xF] if (data & 0xF) < len(_FRACTION_UNITS) else ""
        return f"{_complex(data) * 100:f}{unit}"
    if TYPE_FIRST_COLOR <= dtype <= TYPE_LAST_COLOR:
        return f"#{data:08X}"
    if TYPE_INT_DEC <= dtype <= TYPE_LAST_COLOR:
        return str(data - (1 << 32) if data > 0x7FFFFFFF else data)
    return f"<0x{data:X}, type 0x{dtype:02X}>"


def _chunk_ok(b: bytes, at: int, end: int, min_header: int) -> bool:
    """ResourceTypes.cpp validate_chunk: header and total sizes that fit and are aligned."""
    header_size, size = _u16(b, at + 2), _u32(b, at + 4)
    return min_header <= header_size <= size and (header_size | size) & 3 == 0 and size <= end - at


def parse(b: bytes) -> Document:
    """The element tree of a binary XML document, as the framework parser sees it."""
    notes: list[str] = []
    if len(b) < 8:
        raise AxmlError("too short for binary XML")
    if _u16(b, 0) != RES_XML:
        notes.append(f"binary XML starts with chunk type 0x{_u16(b, 0):04x}, not 0x0003")
    header_size, size = _u16(b, 2), _u32(b, 4)
    end = len(b)
    if size > len(b):
        notes.append(f"binary XML declares {size} bytes but has {len(b)}")
    elif size >= 8:
        end = size
    if size and size < len(b):
        notes.append(f"{len(b) - size} bytes after the end of the binary XML document")
    pos = header_size if 8 <= header_size <= end else 8
    strings: StringPool | None = None
    res_ids: list[int] = []
    skipped: list[int] = []
    while pos + 8 <= end:
        ctype, csize = _u16(b, pos), _u32(b, pos + 4)
        if RES_XML_FIRST_NODE <= ctype <= RES_XML_LAST_NODE:
            break
        if not _chunk_ok(b, pos, end, 8):
            raise AxmlError(f"chunk at {pos} has sizes that do not fit (type 0x{ctype:04x})")
        if ctype == RES_STRING_POOL:
            if strings is not None:
                notes.append("a second string pool before the first element (the last one is used)")
            strings = StringPool(b, pos, notes)
        elif ctype == RES_XML_RESOURCE_MAP:
            hs = _u16(b, pos + 2)
            res_ids = [_u32(b, i) for i in range(pos + hs, pos + csize - 3, 4)]
        else:
            skipped.append(ctype)
        pos += csize
    if strings is None:
        raise AxmlError("no string pool before the first element")
    root = _walk(b, pos, end, strings, res_ids, notes, skipped)
    if skipped:
        kinds = ", ".join(f"0x{t:04x}" for t in sorted(set(skipped)))
        notes.append(f"{len(skipped)} chunk(s) of unknown type skipped ({kinds})")
    if strings.unterminated:
        notes.append(f"{strings.unterminated} string(s) of the string pool without a terminator")
    return Document(root, notes)


#: The smallest body of each node type (ResXMLTree_namespaceExt, attrExt, endElementExt,
#: cdataExt): the framework stops at a node shorter than that.
_MIN_EXT = {
    RES_XML_START_NAMESPACE: 8,
    RES_XML_END_NAMESPACE: 8,
    RES_XML_START_ELEMENT: 20,
    RES_XML_END_ELEMENT: 8,
    RES_XML_CDATA: 12,
}


def _walk(
    b: bytes,
    pos: int,
    end: int,
    strings: StringPool,
    res_ids: list[int],
    notes: list[str],
    skipped: list[int],
) -> Element:
    """ResXMLParser::nextNode over the node chunks: build the element tree."""
    stack: list[Element] = []
    root: Element | None = None
    while pos + 8 <= end:
        ctype, header_size, size = _u16(b, pos), _u16(b, pos + 2), _u32(b, pos + 4)
        if ctype in (RES_XML_START_NAMESPACE, RES_XML_END_NAMESPACE) and size == 0:
            # The framework would stop here; a packer's zero-sized namespace node: skip a
            # standard one (header 16 + prefix and uri 8).
            notes.append("a namespace node of size 0")
            pos += 24
            continue
        if not _chunk_ok(b, pos, end, 16):
            if stack:
                notes.append(
                    f"binary XML breaks off at byte {pos} inside <{stack[-1].tag}>: the framework "
                    "parser stops there too, so Android would refuse to install it"
                )
            break
        ext = pos + header_size
        room = size - header_size
        if room < _MIN_EXT.get(ctype, 0):  # ResXMLParser::nextNode: a known node too short
            notes.append(f"a node of type 0x{ctype:04x} at byte {pos} is too short to read")
            if stack:
                break
            pos += size
            continue
        if ctype == RES_XML_START_ELEMENT:
            element = _element(b, ext, room, strings, res_ids, notes)
            if element is None:
                notes.append(f"start element at byte {pos} has attributes that do not fit")
                break
            if stack:
                stack[-1].children.append(element)
            elif root is None:
                root = element
            else:
                notes.append(f"a second root element <{element.tag}> ignored")
                pos += size
                continue
            stack.append(element)
        elif ctype == RES_XML_END_ELEMENT:
            if stack:
                stack.pop()
        elif ctype in (RES_XML_START_NAMESPACE, RES_XML_END_NAMESPACE, RES_XML_CDATA):
            pass  # attributes carry their namespace URI themselves
        else:
            skipped.append(ctype)
        pos += size
    if root is None:
        raise AxmlError("no element in the binary XML")
    return root


def _element(
    b: bytes, ext: int, room: int, strings: StringPool, res_ids: list[int], notes: list[str]
) -> Element | None:
    ns_index, name_index = _u32(b, ext), _u32(b, ext + 4)
    attr_start, attr_size, attr_count = _u16(b, ext + 8), _u16(b, ext + 10), _u16(b, ext + 12)
    if attr_start + attr_size * attr_count > room:
        return None
    tag = strings.get(name_index) or ""
    element = Element(tag, strings.get(ns_index))
    if attr_count and attr_size < 20:
        return element if attr_size == 0 else None
    if attr_size > 20:
        notes.append(f"attribute records of {attr_size} bytes in <{tag}> (20 is standard)")
    by_id: dict[int, Attribute] = {}
    for i in range(attr_count):
        at = ext + attr_start + i * attr_size
        a_ns, a_name, a_raw = _u32(b, at), _u32(b, at + 4), _u32(b, at + 8)
        dtype, data = b[at + 15], _u32(b, at + 16)
        res_id = res_ids[a_name] if a_name < len(res_ids) else None
        known = ANDROID_ATTRIBUTES.get(res_id) if res_id is not None else None
        name_str = strings.get(a_name)
        if known is not None:
            if name_str not in (None, "", known):
                notes.append(f"attribute {known} of <{tag}> is named {name_str!r} in the string pool")
            value = _typed(dtype, data, strings, a_raw)
            if dtype == TYPE_STRING and a_raw != NO_INDEX and strings.get(a_raw) != value:
                notes.append(
                    f"attribute {known} of <{tag}>: raw string {strings.get(a_raw)!r} differs from "
                    f"its typed value {value!r} (Android reads the typed value)"
                )
            attr = Attribute(ANDROID_NS, known, value, res_id)
            previous = by_id.get(res_id)
            if previous is not None:
                notes.append(f"attribute {known} given twice in <{tag}> (the first is used)")
                continue
            by_id[res_id] = attr
            element.attributes.append(attr)
            continue
        if res_id is not None and res_id >> 24 == 1 and not name_str:
            name_str = f"UNKNOWN_SYSTEM_ATTRIBUTE_{res_id:08x}"
        if not name_str:
            continue
        ns = strings.get(a_ns)
        value = strings.get(a_raw) if a_raw != NO_INDEX else None
        if value is None:
            value = format_value(dtype, data, strings)
        element.attributes.append(Attribute(ns, name_str, value, res_id))
    # An android: attribute known by id wins over a same-named one known only by its string.
    named = {a.name for a in element.attributes if a.res_id in ANDROID_ATTRIBUTES}
    element.attributes = [
        a
        for a in element.attributes
        if a.res_id in ANDROID_ATTRIBUTES or a.namespace != ANDROID_NS or a.name not in named
    ]
    return element


def _typed(dtype: int, data: int, strings: StringPool, raw: int) -> str:
    if dtype == TYPE_STRING:
        value = strings.get(data)
        if value is None and raw != NO_INDEX:
            value = strings.get(raw)
        return value or ""
    if dtype == TYPE_NULL and raw != NO_INDEX:
        return strings.get(raw) or ""
    return format_value(dtype, data, strings)


def _xml_name(name: str) -> str:
    out = "".join(c if (c.isascii() and c.isalnum()) or c in "_-." else "_" for c in name)
    if not out or not (out[0].isalpha() or out[0] == "_"):
        out = "_" + out
    return out


def _xml_text(value: str) -> str:
    return "".join(c for c in value if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff"))


def to_lxml(doc: Document):  # -> lxml.etree._Element
    """The tree as lxml elements, attributes keyed like androguard's ({uri}name)."""
    from lxml import etree

    def build(el: Element, parent=None):
        tag = _xml_name(el.tag)
        node = (
            etree.SubElement(parent, tag)
            if parent is not None
            else etree.Element(tag, nsmap={"android": ANDROID_NS})
        )
        for a in el.attributes:
            key = _xml_name(a.name)
            if a.namespace:
                key = f"{{{a.namespace}}}{key}"
            try:
                node.set(key, _xml_text(a.value))
            except ValueError:  # a namespace URI lxml refuses
                node.set(_xml_name(a.name), _xml_text(a.value))
        for child in el.children:
            build(child, node)
        return node

    return build(doc.root)
