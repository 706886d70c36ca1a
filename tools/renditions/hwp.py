"""Write report blocks as an HWP 5.0 binary file, byte by byte (no HWP writer exists on PyPI).

Two layers, both from public specifications:

- **OLE compound file** (MS-CFB, version 3, 512-byte sectors): header, FAT, directory (a balanced tree per
  storage, all entries black), mini FAT and mini stream for streams under 4,096 bytes;
- **HWP 5.0** (한글문서파일형식 5.0): `FileHeader` (signature, version 5.1.0.1, flags: compressed),
  `DocInfo` (one DOCUMENT_PROPERTIES record) and `BodyText/Section0`, raw-deflated records: PARA_HEADER,
  PARA_TEXT (UTF-16LE, 0x000D at the end; a table is the extended control 0x000B with id `tbl `),
  PARA_CHAR_SHAPE, CTRL_HEADER (`tbl ` + common object properties), TABLE (row and column counts) and, per cell,
  LIST_HEADER (paragraph count, then column, row, column span, row span at byte 8) followed by its paragraphs.

This tests the reader against the specification as written here, not against files saved by Hangul; see
docs/formats.md for what that does and does not show.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

from tools.renditions import Para, TableBlock

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
PARA_HEADER, PARA_TEXT, PARA_CHAR_SHAPE, CTRL_HEADER, LIST_HEADER, TABLE = 66, 67, 68, 71, 72, 77
DOCUMENT_PROPERTIES = 16


# --- HWP records ---------------------------------------------------------------------------------------------


def record(tag: int, level: int, data: bytes) -> bytes:
    """One record: header (tag 10 bits, level 10 bits, size 12 bits; 0xFFF + UINT32 for larger) and data."""
    if len(data) < 0xFFF:
        return struct.pack("<I", tag | (level << 10) | (len(data) << 20)) + data
    return struct.pack("<II", tag | (level << 10) | (0xFFF << 20), len(data)) + data


def _para_header(n_chars: int, last: bool = False, control_mask: int = 0) -> bytes:
    n = n_chars | (0x80000000 if last else 0)
    return struct.pack("<IIHBBHHHI", n, control_mask, 0, 0, 0, 1, 0, 0, 0)


def paragraph(text: str, level: int, last: bool = False) -> bytes:
    """A plain paragraph: header, text (with the closing 0x000D) and one char-shape entry."""
    units = text.encode("utf-16-le") + struct.pack("<H", 13)
    out = record(PARA_HEADER, level, _para_header(len(units) // 2, last))
    if text:
        out += record(PARA_TEXT, level + 1, units)
    return out + record(PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0))


def table_paragraph(t: TableBlock, level: int) -> bytes:
    """A paragraph holding one table control."""
    ctrl = struct.pack("<H", 11) + b" lbt" + bytes(8) + struct.pack("<H", 11)  # extended control, id 'tbl '
    units = ctrl + struct.pack("<H", 13)
    out = record(PARA_HEADER, level, _para_header(len(units) // 2, control_mask=1 << 11))
    out += record(PARA_TEXT, level + 1, units)
    out += record(PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0))
    width, height = 4000 * t.n_cols, 1400 * t.n_rows
    common = b" lbt" + struct.pack("<IiiIIiHHHHIiH", 0, 0, 0, width, height, 0, 283, 283, 283, 283, 0, 0, 0)
    out += record(CTRL_HEADER, level + 1, common)
    props = struct.pack("<IHHH4H", 0x4 if t.header_rows else 0, t.n_rows, t.n_cols, 0, 510, 510, 141, 141)
    props += struct.pack(f"<{t.n_rows}H", *([1400] * t.n_rows)) + struct.pack("<HH", 1, 0)
    out += record(TABLE, level + 2, props)
    for c in sorted(t.cells, key=lambda c: (c.row, c.col)):
        paras = c.paragraphs
        head = struct.pack("<HHI", len(paras), 0, 0)
        cell = struct.pack("<HHHHII4HH", c.col, c.row, c.col_span, c.row_span, 4000 * c.col_span,
                           1400 * c.row_span, 141, 141, 141, 141, 1)
        out += record(LIST_HEADER, level + 2, head + cell)
        for k, p in enumerate(paras):
            out += paragraph(p, level + 2, last=k == len(paras) - 1)
    return out


def section_records(blocks: list[Para | TableBlock]) -> bytes:
    """The records of BodyText/Section0 (uncompressed)."""
    out = b""
    for k, b in enumerate(blocks):
        last = k == len(blocks) - 1
        # an indented line keeps its leading spaces, as typed in Hangul
        out += paragraph(" " * b.indent + b.text, 0, last) if isinstance(b, Para) else table_paragraph(b, 0)
    return out


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def file_header(compressed: bool = True) -> bytes:
    sig = b"HWP Document File".ljust(32, b"\0")
    return (sig + struct.pack("<II", 0x05010001, 1 if compressed else 0)).ljust(256, b"\0")


# --- OLE compound file --------------------------------------------------------------------------------------


def _cfb_key(name: str) -> tuple[int, str]:
    """Sibling order of MS-CFB: shorter names first, then case-insensitive."""
    return (len(name), name.upper())


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file with the given streams (`Storage/Stream` paths, one storage level)."""
    # directory entries: 0 = root, then storages and streams
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "children": []}]
    storages: dict[str, int] = {}
    for path in sorted(streams):
        parent = 0
        if "/" in path:
            sname, name = path.split("/", 1)
            if sname not in storages:
                storages[sname] = len(entries)
                entries.append({"name": sname, "type": 1, "children": []})
                entries[0]["children"].append(storages[sname])
            parent = storages[sname]
        else:
            name = path
        entries.append({"name": name, "type": 2, "data": streams[path], "children": []})
        entries[parent]["children"].append(len(entries) - 1)

    # mini stream and big streams
    mini = bytearray()
    minifat: list[int] = []
    big: list[tuple[int, bytes]] = []
    for i, e in enumerate(entries):
        if e["type"] != 2:
            continue
        data = e["data"]
        if len(data) < CUTOFF:
            start = len(mini) // MINI
            n = max(1, -(-len(data) // MINI)) if data else 0
            e["start"] = start if data else ENDOFCHAIN
            mini += data.ljust(n * MINI, b"\0")
            minifat += [start + k + 1 for k in range(n - 1)] + ([ENDOFCHAIN] if n else [])
        else:
            big.append((i, data))
    n_dir = -(-len(entries) * 128 // SECTOR)
    n_minifat = -(-len(minifat) * 4 // SECTOR) if minifat else 0
    n_mini = -(-len(mini) // SECTOR) if mini else 0
    n_big = [-(-len(d) // SECTOR) for _, d in big]
    n_other = n_dir + n_minifat + n_mini + sum(n_big)
    n_fat = 1
    while n_fat * 128 < n_other + n_fat:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("file too large for a header-only DIFAT")
    fat = [FATSECT] * n_fat
    pos = n_fat

    def chain(n: int) -> int:
        nonlocal pos
        start = pos
        for k in range(n):
            fat.append(start + k + 1 if k < n - 1 else ENDOFCHAIN)
        pos += n
        return start

    dir_start = chain(n_dir)
    minifat_start = chain(n_minifat) if n_minifat else ENDOFCHAIN
    mini_start = chain(n_mini) if n_mini else ENDOFCHAIN
    for (i, _), n in zip(big, n_big):
        entries[i]["start"] = chain(n)
    fat += [FREESECT] * (n_fat * 128 - len(fat))
    entries[0]["start"], entries[0]["size"] = mini_start, len(mini)

    # red-black tree of each storage's children (all black, balanced by sibling order)
    for e in entries:
        e.setdefault("left", NOSTREAM)
        e.setdefault("right", NOSTREAM)
        e.setdefault("child", NOSTREAM)

    def balance(ids: list[int]) -> int:
        if not ids:
            return NOSTREAM
        mid = len(ids) // 2
        node = ids[mid]
        entries[node]["left"] = balance(ids[:mid])
        entries[node]["right"] = balance(ids[mid + 1:])
        return node

    for e in entries:
        if e["type"] in (1, 5):
            e["child"] = balance(sorted(e["children"], key=lambda i: _cfb_key(entries[i]["name"])))

    directory = bytearray()
    for e in entries:
        name = e["name"].encode("utf-16-le") + b"\0\0"
        size = len(e["data"]) if e["type"] == 2 else e.get("size", 0)
        start = e.get("start", ENDOFCHAIN if e["type"] != 1 else 0)
        directory += (name.ljust(64, b"\0") + struct.pack("<HBB", len(name), e["type"], 1)
                      + struct.pack("<III", e["left"], e["right"], e["child"]) + bytes(16) + struct.pack("<I", 0)
                      + bytes(16) + struct.pack("<IQ", start, size))
    empty = b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) \
        + bytes(16 + 4 + 16) + struct.pack("<IQ", 0, 0)
    while len(directory) < n_dir * SECTOR:
        directory += empty

    header = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16))
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, CUTOFF, minifat_start, n_minifat, ENDOFCHAIN, 0)
    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    header += struct.pack("<109I", *difat)
    assert len(header) == SECTOR

    body = bytearray()
    body += struct.pack(f"<{len(fat)}I", *fat)
    body += directory
    if n_minifat:
        mf = minifat + [FREESECT] * (n_minifat * 128 - len(minifat))
        body += struct.pack(f"<{len(mf)}I", *mf)
    if n_mini:
        body += bytes(mini).ljust(n_mini * SECTOR, b"\0")
    for (_, data), n in zip(big, n_big):
        body += data.ljust(n * SECTOR, b"\0")
    return bytes(header) + bytes(body)


def hwp_bytes(blocks: list[Para | TableBlock], *, compressed: bool = True) -> bytes:
    """The bytes of an HWP 5.0 file holding the blocks."""
    docinfo = record(DOCUMENT_PROPERTIES, 0, struct.pack("<H7I", 1, 1, 1, 1, 1, 1, 1, 0))
    body = section_records(blocks)
    if compressed:
        docinfo, body = _deflate(docinfo), _deflate(body)
    prv = "\n".join(b.text for b in blocks if isinstance(b, Para))[:1000]
    return write_cfb({"FileHeader": file_header(compressed), "DocInfo": docinfo, "BodyText/Section0": body,
                      "PrvText": prv.encode("utf-16-le")})


def write_hwp(blocks: list[Para | TableBlock], path: Path, *, compressed: bool = True) -> Path:
    """Write an .hwp file; returns its path."""
    Path(path).write_bytes(hwp_bytes(blocks, compressed=compressed))
    return Path(path)
