"""PDF → the project's text layout with page positions (pdfplumber, MIT, on pdfminer.six, MIT).

Per page: ruled tables are found from the drawn lines (`page.find_tables()`), every other character is grouped
into text lines, and both are laid out top to bottom. Then:

- **page furniture**: a line in the top or bottom margin band that is only a page number (`- 3 -`, `3`,
  `3 / 40`) or that repeats on most pages at the same place (a running header) is dropped;
- **wrapped paragraphs**: a line that continues the one above (the space left on the line above is smaller than
  this line's first word, the gap is a normal line gap, and this one starts no bullet or number) is joined to it;
  a full line broken between two Hangul syllables is joined without a space unless Kiwi's spacing model puts a
  word boundary there;
- **indentation**: a line that starts right of the text's left edge gets one leading space per 12 pt, as the
  `.txt` reports print a sub-bullet (` - …`) under its bullet;
- **paragraph gaps** larger than a line become a blank line;
- **tables**: merged cells come back empty except their first cell, as in the `.txt` layout; a cell's wrapped
  lines are joined (with no space inside a number); a table that goes on at the top of the next page with the
  same columns is the same table: when it repeats its header rows it is kept as a block of its own (the table
  parser joins such blocks), otherwise its rows are appended to the block; a row that the page break cut (the
  first row there has an empty first cell and no number) is joined to the row it continues.

A page with no text at all (a scan) is a severe problem: its content is lost.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from index.readers.base import (LayoutBuilder, MissingDependency, Problem, ReaderError, Rendering, clean_text,
                                tab_row)

_PAGE_NO = re.compile(r"^[-–—\s]*(?:\d{1,4}|[ivxlc]{1,6})\s*(?:/\s*\d{1,4})?[-–—\s]*$", re.I)
_MARKER = re.compile(r"^(?:[①-⑳□■○●◎◇◆▶▷►•·※\-–*<〈(\[（]|\d{1,2}(?:[.\-)]\d{0,2})+[.)]?\s|[IVX]{1,4}\.\s|[가-하][.)]\s)")
_NUM_END = re.compile(r"[\d,.]$")
_NUM_START = re.compile(r"^[\d,.%]")
_MARGIN_BAND = 0.08
_INDENT_STEP = 12.0  # points of left offset per indentation level  # top/bottom share of the page where headers, footers and page numbers live


def _pdfplumber():  # type: ignore[no-untyped-def]
    try:
        import pdfplumber  # noqa: PLC0415 — optional dependency
    except ImportError as e:
        raise MissingDependency("reading .pdf needs pdfplumber: install it to enable (pip install 'dcqa[formats]')") from e
    return pdfplumber


def is_pdf(data: bytes) -> bool:
    """`%PDF-` within the first 1 KiB (as PDF readers accept it)."""
    return b"%PDF-" in data[:1024]


@dataclass
class _Item:
    top: float
    bottom: float
    kind: str  # "text" | "table"
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    rows: list[list[str]] = field(default_factory=list)


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


_KIWI: list[Any] = []


def _space_at_join(left: str, right: str) -> bool:
    """True when Kiwi's spacing model separates `left` and `right` where they meet (kiwipiepy, a core dependency)."""
    if not _KIWI:
        from kiwipiepy import Kiwi  # noqa: PLC0415

        _KIWI.append(Kiwi())
    spaced = _KIWI[0].space(left + right, reset_whitespace=False)
    k = 0  # walk the spaced text to the position of the join
    for i, ch in enumerate(spaced):
        if k == len(left):
            return ch == " " or (i > 0 and spaced[i - 1] == " ")
        if ch != " " or k < len(left) and left[k] == " ":
            k += 1
    return False


def _cell_text(chars: list[dict], cell_x1: float) -> str:
    """A cell's text on one line from its characters: its printed lines joined with one space, with none where
    a number was broken, or where a word was broken between two Hangul syllables because the line was full
    (the gap to the cell's right border is under two characters: the writer broke inside the word)."""
    if not chars:
        return ""
    from pdfplumber.utils import cluster_objects, extract_text  # noqa: PLC0415

    lines = cluster_objects(chars, lambda c: c["top"], 3)
    out = ""
    prev_end, prev_w = 0.0, 0.0
    for ln in sorted(lines, key=lambda cs: min(c["top"] for c in cs)):
        ln = sorted(ln, key=lambda c: c["x0"])
        text = clean_text(extract_text(ln, x_tolerance=2))
        if not text:
            continue
        widths = sorted(c["x1"] - c["x0"] for c in ln if c["text"].strip())
        if out:
            last = out.split(" ")[-1]
            full = cell_x1 - prev_end < 2.0 * prev_w + 3.0
            if _NUM_END.search(out) and _NUM_START.match(text) and re.fullmatch(r"[△▲\-+]?[\d,.]+", last):
                out += text
            elif full and _hangul(out[-1]) and (_hangul(text[0]) or text[0] == "("):
                # a full line ends between two syllables: a space was dropped there only if Kiwi puts a word
                # boundary at that place (미래 스마트도시|구현 → space; 행정서|비스, 디지털정책|과 → none)
                out += (" " if _space_at_join(last, text.split(" ")[0]) else "") + text
            else:
                out += " " + text
        else:
            out = text
        prev_end = max(c["x1"] for c in ln)
        prev_w = widths[len(widths) // 2] if widths else 0.0
    return out


def _table_rows(t: Any, chars: list[dict]) -> list[list[str]]:
    """Rows of one pdfplumber table with each cell's text read from the characters inside it."""
    rows = t.rows
    boxes = [(i, j, cell) for i, row in enumerate(rows) for j, cell in enumerate(row.cells) if cell is not None]
    found: dict[tuple[int, int], list[dict]] = {(i, j): [] for i, j, _ in boxes}
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for i, j, (x0, top, x1, bottom) in boxes:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                found[(i, j)].append(ch)
                break
    width = max((len(r.cells) for r in rows), default=0)
    out = [[""] * width for _ in rows]
    for i, j, cell in boxes:
        out[i][j] = _cell_text(found[(i, j)], cell[2])
    return out


def _page_items(page: Any, pno: int, problems: list[Problem]) -> tuple[list[_Item], float]:
    """Tables and text lines of one page, top to bottom; and the right edge of its text."""
    tables = page.find_tables()
    items: list[_Item] = []
    boxes = []
    for t in tables:
        x0, top, x1, bottom = t.bbox
        inside = [c for c in page.chars if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1
                  and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1]
        rows = [r for r in _table_rows(t, inside) if any(c.strip() for c in r)]
        if not rows:
            continue
        boxes.append((x0 - 1, top - 1, x1 + 1, bottom + 1))
        items.append(_Item(top, bottom, "table", rows=rows, x0=x0, x1=x1))

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    for ln in rest.extract_text_lines(return_chars=False, strip=True):
        text = clean_text(ln["text"])
        if text:
            items.append(_Item(ln["top"], ln["bottom"], "text", text=text, x0=ln["x0"], x1=ln["x1"]))
    if not page.chars:
        what = "글자가 없는 쪽입니다 (스캔한 그림?): 내용을 읽지 못했습니다" if page.images else "빈 쪽입니다"
        problems.append(Problem(f"p. {pno}", what, severe=bool(page.images)))
    elif page.images:
        problems.append(Problem(f"p. {pno}", f"그림 {len(page.images)}개는 읽지 않았습니다"))
    items.sort(key=lambda it: (round(it.top, 1), it.x0))
    right = max((it.x1 for it in items if it.kind == "text"), default=0.0)
    return items, right


def _furniture(pages: list[tuple[list[_Item], float]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, item) indexes of page numbers and running headers/footers in the margin bands."""
    drop: set[tuple[int, int]] = set()
    seen: Counter[tuple[str, int]] = Counter()
    for p, (items, _) in enumerate(pages):
        h = heights[p]
        for k, it in enumerate(items):
            if it.kind != "text":
                continue
            in_band = it.top < h * _MARGIN_BAND or it.bottom > h * (1 - _MARGIN_BAND)
            if in_band and _PAGE_NO.match(it.text):
                drop.add((p, k))
            elif in_band:
                seen[(re.sub(r"\d+", "#", it.text), round(it.top / 5))] += 1
    if len(pages) >= 3:
        repeated = {key for key, n in seen.items() if n >= max(3, len(pages) // 2)}
        for p, (items, _) in enumerate(pages):
            h = heights[p]
            for k, it in enumerate(items):
                if it.kind == "text" and (it.top < h * _MARGIN_BAND or it.bottom > h * (1 - _MARGIN_BAND)) and \
                        (re.sub(r"\d+", "#", it.text), round(it.top / 5)) in repeated:
                    drop.add((p, k))
    return drop


def _norm_row(row: list[str]) -> str:
    return "|".join(re.sub(r"\s+", "", c) for c in row)


def read_pdf(data: bytes, doc: str) -> Rendering:
    """Render a PDF; ReaderError with a one-line message when it cannot be read."""
    pdfplumber = _pdfplumber()
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect  # noqa: PLC0415
    from pdfminer.pdfparser import PDFSyntaxError  # noqa: PLC0415
    from pdfminer.psparser import PSException  # noqa: PLC0415

    problems: list[Problem] = []
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pages, heights = [], []
            for pno, page in enumerate(pdf.pages, 1):
                pages.append(_page_items(page, pno, problems))
                heights.append(float(page.height))
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise ReaderError(f"{doc}: the PDF is encrypted or password-protected ({type(e).__name__}); "
                          f"export it again without a password") from e
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, OSError) as e:
        raise ReaderError(f"{doc}: not a readable PDF ({type(e).__name__}: {e}); export the report to PDF again") from e
    except Exception as e:  # noqa: BLE001 — pdfminer raises many private error types on damaged files
        if type(e).__module__.split(".")[0] not in {"pdfminer", "pdfplumber", "pypdfium2"}:
            raise
        raise ReaderError(f"{doc}: not a readable PDF ({type(e).__name__}: {e}); export the report to PDF again") from e
    if not pages:
        raise ReaderError(f"{doc}: the PDF has no pages")
    drop = _furniture(pages, heights)
    right, left = _right_edge(pages), _left_edge(pages)
    out = LayoutBuilder()
    prev: _Item | None = None  # the last item laid out (across pages)
    cur: dict[str, Any] | None = None  # the open table: {"t", "next_row", "cols", "head": first rows normalised}
    for p, (items, _) in enumerate(pages):
        pno = p + 1
        first_on_page = True
        for k, it in enumerate(items):
            if (p, k) in drop:
                continue
            if it.kind == "table":
                cur = _lay_table(out, it, pno, cur, first_on_page and prev is not None and prev.kind == "table")
            else:
                _lay_text(out, it, pno, prev, first_on_page, right, left)
            prev = it
            first_on_page = False
    while out.lines and not out.lines[-1]:
        out.lines.pop()
        out.positions.pop()
    if not any(ln.strip() for ln in out.lines):
        raise ReaderError(f"{doc}: the PDF has no text layer (a scan?); expected a text PDF exported from the report")
    return Rendering(doc, "pdf", out.lines, out.positions, problems, pages=len(pages), tables=out.tables)


def _lay_text(out: LayoutBuilder, it: _Item, pno: int, prev: _Item | None, first_on_page: bool, right: float,
              left: float) -> None:
    """One text line: joined to the paragraph above when it wraps on from it, else a new line (indented as placed)."""
    gap_ok = prev is not None and prev.kind == "text" and not first_on_page and \
        0 <= it.top - prev.bottom < 0.6 * max(prev.bottom - prev.top, 1.0)
    # a greedy line breaker moved the first word here because it did not fit on the line above
    first_word = it.text.split(" ")[0]
    wraps = gap_ok and prev is not None and not _MARKER.match(it.text) and \
        right - prev.x1 < (len(first_word) + 1.5) * _char_width(it)
    if wraps and out.lines and out.lines[-1]:
        above = out.lines[-1]
        # a full line broken between two syllables (a writer that breaks Korean anywhere): Kiwi decides the space
        full = prev is not None and right - prev.x1 < 1.5 * _char_width(prev)
        glue = full and _hangul(above[-1]) and _hangul(it.text[0]) and \
            not _space_at_join(above.split(" ")[-1], first_word)
        out.lines[-1] = above + ("" if glue else " ") + it.text
        return
    if prev is not None and prev.kind == "text" and not first_on_page and \
            it.top - prev.bottom > 0.9 * max(prev.bottom - prev.top, 1.0):
        out.blank()
    elif prev is not None and prev.kind == "table":
        out.blank()
    indent = max(1, round((it.x0 - left) / _INDENT_STEP)) if it.x0 - left > 0.5 * _char_width(it) else 0
    out.paragraph(it.text, {"p": pno}, indent)


def _lay_table(out: LayoutBuilder, it: _Item, pno: int, cur: dict[str, Any] | None,
               after_table: bool) -> dict[str, Any]:
    """One table found on a page; returns the open table. A table at the top of a page right after a table with as
    many columns goes on from it: repeated header rows start a block of their own (the table parser joins them),
    a row broken by the page (its first cell empty, no number in it) is joined to the row it continues."""
    ncols = max(len(r) for r in it.rows)
    rows = [list(r) + [""] * (ncols - len(r)) for r in it.rows]
    if not (after_table and cur is not None and cur["cols"] == ncols):
        t_no = out.tables + 1
        out.table(rows, [{"p": pno, "t": t_no, "r": 1 + i} for i in range(len(rows))])
        return {"t": t_no, "next_row": 1 + len(rows), "cols": ncols, "head": [_norm_row(r) for r in rows[:4]]}
    n_head = 0
    while n_head < min(len(rows), len(cur["head"])) and _norm_row(rows[n_head]) == cur["head"][n_head]:
        n_head += 1
    if n_head < len(rows) and _broken_row(rows[n_head]):
        _join_last_row(out, cur["t"], rows.pop(n_head))
    body = rows[n_head:]
    if not body:
        return cur
    if n_head:
        out.table(rows, [{"p": pno, "t": cur["t"], "r": cur["next_row"] + i} for i in range(len(rows))])
        out.tables -= 1  # the same table, continued under its repeated header
    else:
        out.table_rows(rows, [{"p": pno, "t": cur["t"], "r": cur["next_row"] + i} for i in range(len(rows))])
    cur["next_row"] += len(rows)
    return cur


def _broken_row(row: list[str]) -> bool:
    """The rest of a row that the page break cut: first cell empty, some text, no number anywhere."""
    from index.normalize import parse_value  # noqa: PLC0415

    return not row[0].strip() and any(c.strip() for c in row) and all(parse_value(c) is None for c in row if c.strip())


def _join_last_row(out: LayoutBuilder, t_no: int, rest: list[str]) -> None:
    """Append the cells of `rest` to the last rendered row of table `t_no`."""
    for i in range(len(out.lines) - 1, -1, -1):
        pos = out.positions[i]
        if pos and pos.get("t") == t_no and "\t" in out.lines[i]:
            cells = out.lines[i].split("\t")
            cells += [""] * (len(rest) - len(cells))
            joined = [(a + " " + b).strip() if b.strip() else a for a, b in zip(cells, rest + [""] * len(cells))]
            out.lines[i] = tab_row([c for c in joined[:max(len(cells), len(rest))]])
            return


def _left_edge(pages: list[tuple[list[_Item], float]]) -> float:
    """The left edge of the text column: where most text lines start."""
    starts = Counter(round(it.x0) for items, _ in pages for it in items if it.kind == "text")
    return float(starts.most_common(1)[0][0]) if starts else 0.0


def _right_edge(pages: list[tuple[list[_Item], float]]) -> float:
    """The right edge of the text column: a high percentile of where text lines end (robust to overflows)."""
    xs = sorted(it.x1 for items, _ in pages for it in items if it.kind == "text")
    return xs[int(0.95 * (len(xs) - 1))] if xs else 0.0


def _char_width(it: _Item) -> float:
    """Average character width of a text line (for 'reaches the right edge')."""
    return (it.x1 - it.x0) / max(len(it.text), 1)
