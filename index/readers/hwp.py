"""HWP 5.0 binary (an OLE compound file) → the project's text layout with section/paragraph/cell positions.

The container is read with `olefile` (BSD; `pip install 'dcqa[formats]'`). Inside, `FileHeader` holds the
signature and flags (bit 0: compressed, bit 1: password, bit 2: distribution document) and `BodyText/SectionN`
the records of each section, raw-deflated when compressed. A record header is one UINT32: tag (10 bits), level
(10 bits), size (12 bits; 0xFFF means a UINT32 size follows). Records used (HWP 5.0 specification, 4.3):

- `PARA_HEADER` (66) starts a paragraph, `PARA_TEXT` (67) its UTF-16LE text with control characters
  (char controls take 1 code unit, inline and extended controls 8);
- `CTRL_HEADER` (71) with ctrl id `tbl ` starts a table; `TABLE` (77) gives its row and column counts;
- each cell is a `LIST_HEADER` (72): paragraph count (UINT16 at 0), then column, row, column span and row span
  (UINT16s at byte 8), followed by that many paragraphs at the same level.

Pictures and other drawing objects are counted as problems (not severe); text in text boxes is read.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from io import BytesIO

from index.readers.base import (LayoutBuilder, MissingDependency, Position, Problem, ReaderError, Rendering,
                                expand_spans, trim_grid)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SIGNATURE = b"HWP Document File"
PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER, TABLE = 66, 67, 71, 72, 77
_CTRL_TABLE = b"tbl "
_CTRL_PICTURE = {b"$pic": "그림", b"$ole": "OLE 개체", b"eqed": "수식", b"gso ": "그리기 개체"}
_EXTENDED = frozenset({1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23})
_INLINE = frozenset({4, 5, 6, 7, 8, 9, 19, 20})
_MAX_SECTION_BYTES = 200 * 1024 * 1024


def _olefile():  # type: ignore[no-untyped-def]
    try:
        import olefile  # noqa: PLC0415 — optional dependency
    except ImportError as e:
        raise MissingDependency("reading .hwp needs olefile: install it to enable (pip install 'dcqa[formats]')") from e
    return olefile


def is_hwp(data: bytes) -> bool:
    """An OLE2 file with a `FileHeader` stream that starts with the HWP signature."""
    if not data.startswith(OLE_MAGIC):
        return False
    try:
        olefile = _olefile()
        with olefile.OleFileIO(BytesIO(data)) as ole:
            return ole.exists("FileHeader") and ole.openstream("FileHeader").read(32).startswith(SIGNATURE)
    except MissingDependency:
        return True  # cannot look inside without olefile: read_hwp says how to enable it
    except (OSError, ValueError, struct.error, IndexError, TypeError, KeyError):
        return False


@dataclass
class Record:
    tag: int
    level: int
    data: bytes


def records(body: bytes) -> list[Record]:
    """The records of one section stream (decompressed)."""
    out: list[Record] = []
    pos, n = 0, len(body)
    while pos + 4 <= n:
        (h,) = struct.unpack_from("<I", body, pos)
        pos += 4
        tag, level, size = h & 0x3FF, (h >> 10) & 0x3FF, (h >> 20) & 0xFFF
        if size == 0xFFF:
            if pos + 4 > n:
                raise ValueError("record size cut off")
            (size,) = struct.unpack_from("<I", body, pos)
            pos += 4
        if pos + size > n:
            raise ValueError(f"record {tag} at byte {pos} runs past the end of the section")
        out.append(Record(tag, level, body[pos:pos + size]))
        pos += size
    return out


def para_text(data: bytes) -> str:
    """The text of a PARA_TEXT record without its control characters (tab → tab, line break → space)."""
    units = struct.unpack_from(f"<{len(data) // 2}H", data)
    out: list[str] = []
    i = 0
    while i < len(units):
        u = units[i]
        if u >= 32:
            out.append(chr(u))
            i += 1
        elif u in _EXTENDED or u in _INLINE:
            if u == 9:
                out.append("\t")
            i += 8
        else:
            if u == 10:
                out.append(" ")
            elif u in (30, 31):  # 묶음 빈칸, 고정폭 빈칸
                out.append(" ")
            elif u == 24:
                out.append("-")
            i += 1
    s = "".join(out)
    # surrogate pairs arrive as two code units
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


@dataclass
class _Para:
    text: str = ""
    controls: list[int] = field(default_factory=list)  # indexes of CTRL_HEADER records owned by the paragraph


class _SectionReader:
    """Turns one section's records into lines through a LayoutBuilder."""

    def __init__(self, recs: list[Record], out: LayoutBuilder, problems: list[Problem], section: int,
                 n_sections: int) -> None:
        self.recs = recs
        self.out = out
        self.problems = problems
        self.section = section
        self.n_sections = n_sections
        self.para = 0

    def where(self) -> str:
        s = f"구역 {self.section}, " if self.n_sections > 1 else ""
        return f"{s}문단 {self.para}"

    def _end(self, i: int, level: int) -> int:
        """Index after the subtree of record i (records deeper than `level` that follow it)."""
        j = i + 1
        while j < len(self.recs) and self.recs[j].level > level:
            j += 1
        return j

    def paragraph(self, i: int) -> tuple[_Para, int]:
        """The paragraph starting at record i (a PARA_HEADER) and the index after it."""
        lvl = self.recs[i].level
        end = self._end(i, lvl)
        p = _Para()
        for k in range(i + 1, end):
            r = self.recs[k]
            if r.level != lvl + 1:
                continue
            if r.tag == PARA_TEXT:
                p.text += para_text(r.data)
            elif r.tag == CTRL_HEADER:
                p.controls.append(k)
        return p, end

    def body(self) -> None:
        i = 0
        top = min((r.level for r in self.recs), default=0)
        while i < len(self.recs):
            r = self.recs[i]
            if r.tag != PARA_HEADER or r.level != top:
                i += 1
                continue
            self.para += 1
            i = self.paragraph_at(i)

    def paragraph_at(self, i: int) -> int:
        """Render the top-level paragraph at record i (its text, then its tables and text boxes)."""
        p, end = self.paragraph(i)
        has_table = any(self.recs[k].data[:4][::-1] == _CTRL_TABLE for k in p.controls)
        if p.text.strip() or not has_table:
            self.out.paragraph(p.text, {"s": self.section, "para": self.para})
        pending: list[int] = []
        for k in p.controls:
            self.control(k, pending)
        while pending:
            self.table(pending.pop(0), pending)
        return end

    def control(self, k: int, pending: list[int]) -> None:
        cid = self.recs[k].data[:4][::-1]
        if cid == _CTRL_TABLE:
            self.table(k, pending)
        elif cid in _CTRL_PICTURE or cid == b"gso ":
            texts = self.list_paragraph_texts(k)
            for t in texts:
                self.out.paragraph(t, {"s": self.section, "para": self.para})
            if not texts:
                self.problems.append(Problem(self.where(), f"{_CTRL_PICTURE.get(cid, '개체')} 1개는 읽지 않았습니다"))

    def list_paragraph_texts(self, k: int) -> list[str]:
        """Texts of paragraphs inside a drawing object's text box (any LIST_HEADER under the control)."""
        end = self._end(k, self.recs[k].level)
        out: list[str] = []
        for j in range(k + 1, end):
            if self.recs[j].tag == PARA_HEADER:
                p, _ = self.paragraph(j)
                if p.text.strip():
                    out.append(p.text)
        return out

    def cell_text(self, first: int, count: int, level: int, pending: list[int]) -> tuple[str, int]:
        """Text of `count` paragraphs from record `first` (siblings at `level`); nested tables are deferred."""
        texts: list[str] = []
        j, seen = first, 0
        while j < len(self.recs) and self.recs[j].level >= level and seen < max(count, 1):
            r = self.recs[j]
            if r.level == level and r.tag == LIST_HEADER:
                break
            if r.level == level and r.tag == PARA_HEADER:
                p, nxt = self.paragraph(j)
                if p.text.strip():
                    texts.append(p.text.strip())
                for c in p.controls:
                    if self.recs[c].data[:4][::-1] == _CTRL_TABLE:
                        pending.append(c)
                    else:
                        texts += [t.strip() for t in self.list_paragraph_texts(c)]
                seen += 1
                j = nxt
                continue
            j += 1
        return " ".join(texts), j

    def table(self, k: int, pending: list[int]) -> None:
        ctrl = self.recs[k]
        end = self._end(k, ctrl.level)
        n_rows = n_cols = 0
        cells: list[tuple[int, int, int, int, str]] = []
        j = k + 1
        while j < end:
            r = self.recs[j]
            if r.level == ctrl.level + 1 and r.tag == TABLE and len(r.data) >= 8:
                n_rows, n_cols = struct.unpack_from("<HH", r.data, 4)
                j += 1
            elif r.level == ctrl.level + 1 and r.tag == LIST_HEADER:
                cell = _cell_address(r.data, n_rows, n_cols)
                if cell is None:
                    self.problems.append(Problem(self.where(), "표 셀 주소를 읽지 못해 셀 1개를 건너뛰었습니다",
                                                 severe=True))
                    j += 1
                    continue
                count = struct.unpack_from("<H", r.data, 0)[0]
                text, j = self.cell_text(j + 1, count, r.level, pending)
                cells.append((cell[1], cell[0], cell[3], cell[2], text))
            else:
                j += 1
        if not cells:
            self.problems.append(Problem(self.where(), "빈 표 1개를 건너뛰었습니다"))
            return
        grid, origin = expand_spans(cells, n_rows, n_cols)
        grid, width = trim_grid(grid)
        t_no = self.out.tables + 1
        self.out.table(grid, [{"s": self.section, "t": t_no, "r": i + 1, "c": origin[i][:width]}
                              for i in range(len(grid))])


def _cell_address(data: bytes, n_rows: int, n_cols: int) -> tuple[int, int, int, int] | None:
    """(col, row, col_span, row_span) of a cell's LIST_HEADER (at byte 8; byte 6 for writers that omit the pad)."""
    for off in (8, 6):
        if len(data) < off + 8:
            continue
        col, row, cs, rs = struct.unpack_from("<HHHH", data, off)
        if (n_cols == 0 or col < n_cols) and (n_rows == 0 or row < n_rows) and cs >= 1 and rs >= 1:
            return col, row, cs, rs
    return None


def read_hwp(data: bytes, doc: str) -> Rendering:
    """Render an HWP 5.0 file; ReaderError with a one-line message when it cannot be read."""
    olefile = _olefile()
    try:
        ole = olefile.OleFileIO(BytesIO(data))
    except (OSError, ValueError, struct.error, IndexError, TypeError) as e:
        raise ReaderError(f"{doc}: not a readable OLE compound file ({e}); save the report again from Hangul") from e
    with ole:
        if not ole.exists("FileHeader"):
            raise ReaderError(f"{doc}: no FileHeader stream; expected an HWP 5.0 document (an older HWP 3 file or "
                              f"another OLE file?)")
        head = ole.openstream("FileHeader").read(256)
        if not head.startswith(SIGNATURE) or len(head) < 40:
            raise ReaderError(f"{doc}: FileHeader does not start with {SIGNATURE.decode()!r}; not an HWP 5.0 file")
        version = ".".join(str(b) for b in reversed(head[32:36]))
        (flags,) = struct.unpack_from("<I", head, 36)
        if flags & 0x2:
            raise ReaderError(f"{doc}: the document is password-protected; remove the password in Hangul and save again")
        if flags & 0x4:
            raise ReaderError(f"{doc}: a distribution (배포용) document is encrypted; ask for the editable original")
        compressed = bool(flags & 0x1)
        streams = sorted((int(e[1][7:]), e) for e in ole.listdir()
                         if len(e) == 2 and e[0] == "BodyText" and e[1].startswith("Section") and e[1][7:].isdigit())
        if not streams:
            raise ReaderError(f"{doc}: no BodyText/Section0 stream (HWP {version}); the file holds no body text")
        out = LayoutBuilder()
        problems: list[Problem] = []
        for k, (_, path) in enumerate(streams, 1):
            raw = ole.openstream(path).read()
            try:
                body = _inflate(raw) if compressed else raw
                recs = records(body)
            except (zlib.error, ValueError, struct.error) as e:
                problems.append(Problem(f"구역 {k}", f"본문을 풀 수 없습니다 ({e})", severe=True))
                continue
            _SectionReader(recs, out, problems, k, len(streams)).body()
            out.blank()
    while out.lines and not out.lines[-1]:
        out.lines.pop()
        out.positions.pop()
    if not any(ln.strip() for ln in out.lines):
        raise ReaderError(f"{doc}: the HWP file holds no readable text (HWP {version})")
    return Rendering(doc, "hwp", out.lines, out.positions, problems, tables=out.tables)


def _inflate(raw: bytes) -> bytes:
    """Raw deflate (no zlib header), bounded."""
    d = zlib.decompressobj(-15)
    body = d.decompress(raw, _MAX_SECTION_BYTES)
    if d.unconsumed_tail:
        raise ValueError(f"section larger than {_MAX_SECTION_BYTES:,} bytes uncompressed")
    return body
