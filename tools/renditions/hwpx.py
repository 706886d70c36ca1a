"""Write report blocks as an HWPX (OWPML) package: standard library only, written by hand from KS X 6101.

The package holds `mimetype` (first, stored), `version.xml`, `META-INF/container.xml`, `Contents/content.hpf`,
`Contents/header.xml` (one font, one character and paragraph shape, solid cell borders) and
`Contents/section0.xml` with paragraphs (`hp:p/hp:run/hp:t`) and tables (`hp:tbl/hp:tr/hp:tc` with
`hp:cellAddr`, `hp:cellSpan`, header rows flagged and repeated); covered cells of a span are omitted, as
Hangul writes them.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from tools.renditions import Para, TableBlock

NS = ('xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" '
      'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
      'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
      'xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" '
      'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head" '
      'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf" '
      'xmlns:opf="http://www.idpf.org/2007/opf/"')
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
CELL_W, CELL_H = 4000, 1400  # HWPUNIT (1/7200 inch)

_VERSION = (f'{XML_HEAD}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" tagetApplication='
            '"WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" os="1" xmlVersion="1.4" '
            'application="dcqa renditions" appVersion="1"/>')
_CONTAINER = (f'{XML_HEAD}<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" '
              'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"><ocf:rootfiles>'
              '<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
              '</ocf:rootfiles></ocf:container>')
_HPF = (f'{XML_HEAD}<opf:package {NS} version="" unique-identifier="" id=""><opf:metadata>'
        '<opf:title>{title}</opf:title><opf:language>ko</opf:language></opf:metadata><opf:manifest>'
        '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        '</opf:manifest><opf:spine><opf:itemref idref="header" linear="yes"/>'
        '<opf:itemref idref="section0" linear="yes"/></opf:spine></opf:package>')
_HEADER = (f'{XML_HEAD}<hh:head {NS} version="1.4" secCnt="1"><hh:beginNum page="1" footnote="1" endnote="1" '
           'pic="1" tbl="1" equation="1"/><hh:refList>'
           '<hh:fontfaces itemCnt="1"><hh:fontface lang="HANGUL" fontCnt="1"><hh:font id="0" face="나눔고딕" '
           'type="TTF" isEmbedded="0"/></hh:fontface></hh:fontfaces>'
           '<hh:borderFills itemCnt="2">'
           '<hh:borderFill id="1" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0">'
           '<hh:leftBorder type="NONE" width="0.1 mm" color="#000000"/><hh:rightBorder type="NONE" width="0.1 mm" '
           'color="#000000"/><hh:topBorder type="NONE" width="0.1 mm" color="#000000"/><hh:bottomBorder '
           'type="NONE" width="0.1 mm" color="#000000"/></hh:borderFill>'
           '<hh:borderFill id="2" threeD="0" shadow="0" centerLine="NONE" breakCellSeparateLine="0">'
           '<hh:leftBorder type="SOLID" width="0.12 mm" color="#000000"/><hh:rightBorder type="SOLID" '
           'width="0.12 mm" color="#000000"/><hh:topBorder type="SOLID" width="0.12 mm" color="#000000"/>'
           '<hh:bottomBorder type="SOLID" width="0.12 mm" color="#000000"/></hh:borderFill></hh:borderFills>'
           '<hh:charProperties itemCnt="1"><hh:charPr id="0" height="1000" textColor="#000000" '
           'shadeColor="none" useFontSpace="0" useKerning="0" symMark="NONE" borderFillIDRef="1">'
           '<hh:fontRef hangul="0" latin="0" hanja="0" japanese="0" other="0" symbol="0" user="0"/>'
           '</hh:charPr></hh:charProperties>'
           '<hh:paraProperties itemCnt="3">'
           + "".join(f'<hh:paraPr id="{k}" tabPrIDRef="0" condense="0" fontLineHeight="0" snapToGrid="1" '
                     'suppressLineNumbers="0" checked="0"><hh:align horizontal="JUSTIFY" vertical="BASELINE"/>'
                     f'<hh:margin><hc:intent value="0" unit="HWPUNIT"/><hc:left value="{1000 * k}" unit="HWPUNIT"/>'
                     '<hc:right value="0" unit="HWPUNIT"/><hc:prev value="0" unit="HWPUNIT"/>'
                     '<hc:next value="0" unit="HWPUNIT"/></hh:margin>'
                     '<hh:lineSpacing type="PERCENT" value="160" unit="HWPUNIT"/></hh:paraPr>' for k in range(3))
           + '</hh:paraProperties>'
           '<hh:styles itemCnt="1"><hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" '
           'charPrIDRef="0" nextStyleIDRef="0" langID="1042" lockForm="0"/></hh:styles>'
           '</hh:refList></hh:head>')


class _Ids:
    def __init__(self) -> None:
        self.n = 1000

    def next(self) -> int:
        self.n += 1
        return self.n


def _para(text: str, ids: _Ids, indent: int = 0) -> str:
    """One paragraph; an indented one uses the paragraph shape with a left margin (as Hangul users indent)."""
    run = f"<hp:t>{escape(text)}</hp:t>" if text else ""
    return (f'<hp:p id="{ids.next()}" paraPrIDRef="{min(indent, 2)}" styleIDRef="0" pageBreak="0" columnBreak="0" '
            'merged="0">'
            f'<hp:run charPrIDRef="0">{run}</hp:run></hp:p>')


def _table(t: TableBlock, ids: _Ids) -> str:
    rows: list[list[str]] = [[] for _ in range(t.n_rows)]
    for c in t.cells:
        paras = "".join(_para(p, ids) for p in c.paragraphs)
        rows[c.row].append(
            f'<hp:tc name="" header="{int(c.header)}" hasMargin="0" protect="0" editable="0" dirty="0" '
            f'borderFillIDRef="2"><hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" '
            f'vertAlign="CENTER" linkListIDRef="0" linkListNextIDRef="0" textWidth="0" textHeight="0" '
            f'hasTextRef="0" hasNumRef="0">{paras}</hp:subList>'
            f'<hp:cellAddr colAddr="{c.col}" rowAddr="{c.row}"/>'
            f'<hp:cellSpan colSpan="{c.col_span}" rowSpan="{c.row_span}"/>'
            f'<hp:cellSz width="{CELL_W * c.col_span}" height="{CELL_H * c.row_span}"/>'
            f'<hp:cellMargin left="141" right="141" top="141" bottom="141"/></hp:tc>')
    trs = "".join(f"<hp:tr>{''.join(r)}</hp:tr>" for r in rows)
    tbl = (f'<hp:tbl id="{ids.next()}" zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" '
           f'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" pageBreak="CELL" '
           f'repeatHeader="{int(t.header_rows > 0)}" rowCnt="{t.n_rows}" colCnt="{t.n_cols}" cellSpacing="0" '
           f'borderFillIDRef="2" noAdjust="0"><hp:sz width="{CELL_W * t.n_cols}" widthRelTo="ABSOLUTE" '
           f'height="{CELL_H * t.n_rows}" heightRelTo="ABSOLUTE" protect="0"/><hp:pos treatAsChar="0" '
           f'affectLSpacing="0" flowWithText="1" allowOverlap="0" holdAnchorAndSO="0" vertRelTo="PARA" '
           f'horzRelTo="COLUMN" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" horzOffset="0"/>'
           f'<hp:outMargin left="283" right="283" top="283" bottom="283"/>'
           f'<hp:inMargin left="510" right="510" top="141" bottom="141"/>{trs}</hp:tbl>')
    return (f'<hp:p id="{ids.next()}" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">'
            f'<hp:run charPrIDRef="0">{tbl}<hp:t/></hp:run></hp:p>')


def section_xml(blocks: list[Para | TableBlock]) -> str:
    """Contents/section0.xml for the blocks."""
    ids = _Ids()
    body = "".join(_para(b.text, ids, b.indent) if isinstance(b, Para) else _table(b, ids) for b in blocks)
    return f"{XML_HEAD}<hs:sec {NS}>{body}</hs:sec>"


def write_hwpx(blocks: list[Para | TableBlock], path: Path, title: str = "") -> Path:
    """Write an .hwpx file; returns its path."""
    path = Path(path)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("version.xml", _VERSION, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/container.xml", _CONTAINER, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("Contents/content.hpf", _HPF.replace("{title}", escape(title)), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("Contents/header.xml", _HEADER, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("Contents/section0.xml", section_xml(blocks), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("Preview/PrvText.txt", "\n".join(b.text for b in blocks if isinstance(b, Para))[:1024],
                   compress_type=zipfile.ZIP_DEFLATED)
    return path


__all__ = ["section_xml", "write_hwpx"]
