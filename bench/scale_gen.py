"""Synthetic work reports for the scale benchmark, in the two formats of the real ones.

    python bench/scale_gen.py --n 200 --out var/scale/corpus-200 [--seed 7]

Writes the two real reports plus N-2 synthetic ones. Each synthetic report is one of the real reports (alternating,
so both layouts — pipe tables and `1.`/`3.1.` numbering, tab tables with multi-row headers and `I.`/`1-1.`
numbering — occur equally) rewritten for another bureau of the city: the bureau, department and team names are
replaced consistently, every year is shifted (a report is about one of ten fiscal years, so about twenty bureaus
share each year, as a year of the city's work reports does), integer amounts in table cells are scaled by a factor
drawn per report and per table cell, and project titles get a varying qualifier. The tables keep their real sizes
(up to several hundred rows), so a synthetic report parses into about as many sections, records and chunks as its
template. Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
TEMPLATES = {
    2026: "seoul-digital-city-bureau-2026-04-current-issues.txt",
    2025: "seoul-digital-city-bureau-2025-02-work-report.txt",
}
BUREAU = "디지털도시국"
# departments of the real reports → the role of their replacement
DEPARTMENTS = ("디지털정책과", "데이터전략과", "정보시스템과", "정보보안과", "정보통신과", "공간정보과", "데이터센터",
               "서울기록원")
FIELDS = ("기후", "교통", "복지", "문화", "경제", "안전", "주택", "도시계획", "재정", "관광", "환경", "청년", "보건",
          "교육", "산업", "건설", "공원", "물순환", "평생학습", "노동", "여성가족", "시민소통", "균형발전", "도시재생")
KINDS = ("정책국", "기획국", "혁신국", "관리국", "전략국", "본부", "실", "재단지원국", "사업국", "운영국")
UNIT_WORDS = ("정책", "기획", "운영", "지원", "협력", "서비스", "관리", "혁신", "조정", "평가", "시설", "자원", "계획",
              "안전", "홍보", "감사")
QUALIFIERS = ("스마트", "AI", "차세대", "통합", "시민", "탄소중립", "안심", "미래형", "데이터 기반", "지역 맞춤형")
_YEAR4 = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
_YEAR2 = re.compile(r"(['’])([0-4]\d)(?!\d)")
_CELL_NUMBER = re.compile(r"^(\s*)([△▲-]?)(\d{1,3}(?:,\d{3})+|\d{2,})(\s*(?:명|건|대|개|식)?\s*)$")
_HEADING = re.compile(r"^(\s*-?\s*)(\d+\.\d+\.|\d+-\d+\.)(\s+)(.+)$")


def bureau_name(i: int) -> str:
    """A distinct bureau name for synthetic report i (240 combinations)."""
    return FIELDS[i % len(FIELDS)] + KINDS[(i // len(FIELDS)) % len(KINDS)]


def _scale_cell(cell: str, rng: random.Random, factor: float) -> str:
    """A table cell holding an integer amount, scaled (format kept); other cells unchanged."""
    m = _CELL_NUMBER.match(cell)
    if not m:
        return cell
    lead, sign, digits, tail = m.groups()
    value = int(digits.replace(",", ""))
    new = max(1, int(round(value * factor * rng.uniform(0.85, 1.15))))
    text = f"{new:,}" if "," in digits else str(new)
    return f"{lead}{sign}{text}{tail}"


def synthesize(template: str, template_year: int, i: int, year: int, seed: int) -> str:
    """Report text i: `template` (the report of `template_year`) rewritten for another bureau and fiscal year."""
    rng = random.Random(seed * 100_003 + i)
    delta = year - template_year
    bureau = bureau_name(i)
    field = bureau[:-1] if bureau.endswith(("국", "실")) else bureau
    words = rng.sample(UNIT_WORDS, len(DEPARTMENTS))
    dept_map = {d: f"{field}{w}과" for d, w in zip(DEPARTMENTS, words)}
    dept_map["데이터센터"] = f"{field}센터"
    dept_map["서울기록원"] = f"{field}연구원"
    text = template.replace(BUREAU, bureau)
    for old, new in sorted(dept_map.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(old, new)
        text = text.replace(" ".join(old), " ".join(new))  # letter-spaced labels (정 보 보 안 과)
    for team in ("디지털", "데이터", "정보시스템", "정보보안", "정보통신", "공간정보"):  # team names (…팀)
        text = re.sub(rf"{team}([가-힣]{{0,6}}팀)", lambda m: f"{field}{m.group(1)}", text)
    text = _YEAR4.sub(lambda m: str(int(m.group(1)) + delta), text)
    text = _YEAR2.sub(lambda m: f"{m.group(1)}{(int(m.group(2)) + delta) % 100:02d}", text)
    factor = rng.uniform(0.5, 2.0)
    titles: dict[str, str] = {}
    out = []
    for line in text.split("\n"):
        if "|" in line or "\t" in line:
            sep = "|" if "|" in line else "\t"
            line = sep.join(_scale_cell(c, rng, factor) for c in line.split(sep))
        m = _HEADING.match(line)
        if m:
            title = m.group(4)
            if title not in titles:
                titles[title] = f"{rng.choice(QUALIFIERS)} {title}"
            line = f"{m.group(1)}{m.group(2)}{m.group(3)}{titles[title]}"
        out.append(line)
    return "\n".join(out)


def generate(n: int, out_dir: Path, seed: int = 7, first_year: int = 2017) -> list[Path]:
    """Write the 2 real reports and n-2 synthetic ones into `out_dir` (emptied first); returns the files."""
    if n < 2:
        raise SystemExit("--n must be at least 2 (the two real reports are always included)")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    files = []
    for name in TEMPLATES.values():
        shutil.copyfile(CORPUS / name, out_dir / name)
        files.append(out_dir / name)
    templates = {y: (CORPUS / name).read_text(encoding="utf-8") for y, name in TEMPLATES.items()}
    for i in range(n - 2):
        tpl_year = 2026 if i % 2 == 0 else 2025
        year = first_year + (i // 2) % 10
        name = f"synthetic-{i:04d}-{year}-{'current-issues' if tpl_year == 2026 else 'work-report'}.txt"
        (out_dir / name).write_text(synthesize(templates[tpl_year], tpl_year, i, year, seed), encoding="utf-8")
        files.append(out_dir / name)
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, required=True, help="number of reports, the two real ones included")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    files = generate(args.n, args.out, args.seed)
    print(f"{len(files)} reports in {args.out} ({sum(f.stat().st_size for f in files) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
