"""HWPX (OWPML, KS X 6101): a zip of XML parts → the project's text layout with section/paragraph/cell positions.

Standard library only (zipfile, ElementTree). Elements are matched by local name, so both the 2011 and the 2024
namespaces read. What is read: top-level paragraphs (`hp:p` → `hp:run` → `hp:t`, with tabs, line breaks and
special spaces), tables (`hp:tbl` → `hp:tr` → `hp:tc` with `hp:cellAddr` and `hp:cellSpan`; a cell's paragraphs
and nested lists are joined into the cell; a table inside a cell is rendered as its own table after the outer
one), and text boxes (`hp:drawText`). Pictures, equations, OLE objects and charts are listed as problems
(not severe); headers, footers and footnotes are skipped.
"""
from __future__ import annotations

import re
import zipfile
from io import BytesIO
from xml.etree import ElementTree as ET

from index.readers.base import LayoutBuilder, Position, Problem, ReaderError, Rendering, expand_spans, trim_grid

MIMETYPE = b"application/hwp+zip"
_MAX_XML_BYTES = 200 * 1024 * 1024  # uncompressed: a larger part is refused (zip bomb)
_SECTION = re.compile(r"^Contents/section(\d+)\.xml$", re.I)
_SKIP = {"header", "footer", "footNote", "endNote", "secPr", "ctrl", "linesegarray", "fieldBegin", "fieldEnd",
         "bookmark", "pageNum", "colPr", "pageHiding", "autoNum", "newNum", "indexmark", "hiddenComment"}
_OBJECTS = {"pic": "그림", "equation": "수식", "ole": "OLE 개체", "chart": "차트", "video": "동영상",
            "textart": "글맵시"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def is_hwpx(data: bytes) -> bool:
    """A zip whose first entry is `mimetype` = application/hwp+zip (or that holds Contents/section0.xml)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            names = z.namelist()
            if "mimetype" in names and z.getinfo("mimetype").file_size < 100:
                return z.read("mimetype").strip() == MIMETYPE
            return any(_SECTION.match(n) for n in names)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
        return False


def _parse_xml(z: zipfile.ZipFile, name: str, doc: str) -> ET.Element:
    """One XML part, refusing DTDs (entity expansion) and oversized parts."""
    info = z.getinfo(name)
    if info.file_size > _MAX_XML_BYTES:
        raise ReaderError(f"{doc}: {name} is {info.file_size:,} bytes uncompressed (limit {_MAX_XML_BYTES:,}); "
                          f"the file looks damaged or is not a report")
    raw = z.read(name)
    if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw:
        raise ReaderError(f"{doc}: {name} declares a DTD, which HWPX never does; the file is refused")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as e:
        raise ReaderError(f"{doc}: {name} is not well-formed XML ({e}); save the file again from Hangul") from e


def paragraph_indents(header: ET.Element | None) -> dict[str, int]:
    """Indentation level of each paragraph shape (`hh:paraPr` id → rank of its left margin among the shapes)."""
    if header is None:
        return {}
    margins: dict[str, int] = {}
    for pp in header.iter():
        if _local(pp.tag) != "paraPr":
            continue
        left = next((x for x in pp.iter() if _local(x.tag) == "left"), None)
        try:
            margins[pp.get("id", "")] = int(float(left.get("value", "0"))) if left is not None else 0
        except ValueError:
            margins[pp.get("id", "")] = 0
    steps = sorted({m for m in margins.values() if m > 0})
    return {k: (steps.index(m) + 1 if m > 0 else 0) for k, m in margins.items()}


class _Walker:
    """Walks one section's XML in document order into a LayoutBuilder."""

    def __init__(self, out: LayoutBuilder, problems: list[Problem], section: int, n_sections: int,
                 indents: dict[str, int] | None = None) -> None:
        self.indents = indents or {}
        self.out = out
        self.problems = problems
        self.section = section
        self.n_sections = n_sections
        self.para = 0
        self.pending: list[ET.Element] = []  # tables found inside cells: rendered after their outer table

    def where(self) -> str:
        s = f"구역 {self.section}, " if self.n_sections > 1 else ""
        return f"{s}문단 {self.para}"

    # -- text of paragraphs ----------------------------------------------------------------------------

    def para_text(self, p: ET.Element, objects: list[ET.Element]) -> str:
        """Text of one `hp:p`; tables and text boxes met inside are appended to `objects`."""
        out: list[str] = []
        for run in p:
            if _local(run.tag) != "run":
                continue
            for el in run:
                name = _local(el.tag)
                if name == "t":
                    out.append(self.t_text(el))
                elif name in {"tbl", "rect", "ellipse", "polygon", "curve", "container", "arc"}:
                    objects.append(el)
                elif name in _OBJECTS:
                    self.problems.append(Problem(self.where(), f"{_OBJECTS[name]} 1개는 읽지 않았습니다"))
        return "".join(out)

    @staticmethod
    def t_text(t: ET.Element) -> str:
        """`hp:t` with its inline children: tab → tab, line break → space, special spaces → space."""
        parts = [t.text or ""]
        for child in t:
            name = _local(child.tag)
            if name == "tab":
                parts.append("\t")
            elif name in {"lineBreak", "fwSpace", "nbSpace"}:
                parts.append(" ")
            elif name == "hyphen":
                parts.append("-")
            else:  # markpen, titleMark, … carry their text inside
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        return "".join(parts)

    # -- the body ----------------------------------------------------------------------------------------

    def body(self, root: ET.Element) -> None:
        for p in root:
            if _local(p.tag) != "p":
                continue
            self.para += 1
            objects: list[ET.Element] = []
            text = self.para_text(p, objects)
            if text.strip() or not objects:
                self.out.paragraph(text, {"s": self.section, "para": self.para},
                                   self.indents.get(p.get("paraPrIDRef", ""), 0))
            for obj in objects:
                self.object(obj)

    def object(self, obj: ET.Element) -> None:
        if _local(obj.tag) == "tbl":
            self.table(obj)
            while self.pending:
                self.table(self.pending.pop(0))
            return
        for sub in obj.iter():  # a text box: its paragraphs read as paragraphs at the box's place
            if _local(sub.tag) == "subList":
                for p in sub:
                    if _local(p.tag) == "p":
                        objects: list[ET.Element] = []
                        self.out.paragraph(self.para_text(p, objects), {"s": self.section, "para": self.para})
                break

    def cell_text(self, tc: ET.Element) -> str:
        """All paragraphs of a cell (nested lists included), joined by a space; nested tables are deferred."""
        texts: list[str] = []
        for sub in tc:
            if _local(sub.tag) != "subList":
                continue
            for p in sub:
                if _local(p.tag) != "p":
                    continue
                objects: list[ET.Element] = []
                t = self.para_text(p, objects)
                if t.strip():
                    texts.append(t)
                for obj in objects:
                    if _local(obj.tag) == "tbl":
                        self.pending.append(obj)
                    else:
                        for q in obj.iter():
                            if _local(q.tag) == "t":
                                texts.append(self.t_text(q))
        return " ".join(x.strip() for x in texts)

    def table(self, tbl: ET.Element) -> None:
        cells: list[tuple[int, int, int, int, str]] = []
        r_auto = 0
        for tr in tbl:
            if _local(tr.tag) != "tr":
                continue
            c_auto = 0
            for tc in tr:
                if _local(tc.tag) != "tc":
                    continue
                addr = next((x for x in tc if _local(x.tag) == "cellAddr"), None)
                span = next((x for x in tc if _local(x.tag) == "cellSpan"), None)
                row = _int(addr, "rowAddr", r_auto)
                col = _int(addr, "colAddr", c_auto)
                rs, cs = _int(span, "rowSpan", 1), _int(span, "colSpan", 1)
                cells.append((row, col, rs, cs, self.cell_text(tc)))
                c_auto = col + max(cs, 1)
            r_auto += 1
        if not cells:
            self.problems.append(Problem(self.where(), "빈 표 1개를 건너뛰었습니다"))
            return
        grid, origin = expand_spans(cells, _int(tbl, "rowCnt", 0), _int(tbl, "colCnt", 0))
        grid, width = trim_grid(grid)
        t_no = self.out.tables + 1
        positions: list[Position | None] = [
            {"s": self.section, "t": t_no, "r": i + 1, "c": origin[i][:width]} for i in range(len(grid))]
        self.out.table(grid, positions)


def _int(el: ET.Element | None, attr: str, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(attr, default))
    except (TypeError, ValueError):
        return default


def read_hwpx(data: bytes, doc: str) -> Rendering:
    """Render an HWPX file; ReaderError with a one-line message when it cannot be read."""
    try:
        z = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ReaderError(f"{doc}: not a readable HWPX zip ({e}); save the file again from Hangul as .hwpx") from e
    with z:
        names = z.namelist()
        sections = sorted((int(m.group(1)), n) for n in names if (m := _SECTION.match(n)))
        if not sections:
            raise ReaderError(f"{doc}: no Contents/section0.xml inside; expected an HWPX (OWPML) document")
        if "mimetype" in names and z.read("mimetype").strip() != MIMETYPE:
            raise ReaderError(f"{doc}: mimetype is {z.read('mimetype')[:40]!r}, expected {MIMETYPE.decode()}")
        out = LayoutBuilder()
        problems: list[Problem] = []
        head = next((n for n in names if n.lower() == "contents/header.xml"), None)
        indents = paragraph_indents(_parse_xml(z, head, doc) if head else None)
        for k, (_, name) in enumerate(sections, 1):
            try:
                root = _parse_xml(z, name, doc)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:  # a damaged member
                raise ReaderError(f"{doc}: {name} cannot be unpacked ({e}); the file is damaged") from e
            _Walker(out, problems, k, len(sections), indents).body(root)
            out.blank()
    while out.lines and not out.lines[-1]:
        out.lines.pop()
        out.positions.pop()
    if not any(ln.strip() for ln in out.lines):
        raise ReaderError(f"{doc}: the HWPX file holds no text; expected a report")
    return Rendering(doc, "hwpx", out.lines, out.positions, problems, tables=out.tables)
