"""A grounded answer shared by the real-model LLM tests: the 2026 데이터센터 정원 cell (67명, line 37)."""
from __future__ import annotations

from app.types import Answer, Citation

DOC26 = "seoul-digital-city-bureau-2026-04-current-issues.txt"
STAFF_ROW = "| 정원 | 274명 | 34명 | 30명 | 39명 | 27명 | 27명 | 26명 | 67명 | 24명 |"
CITATION = Citation(1, DOC26, "1. 일반현황 (2026.3.31. 기준)", 37, 37, STAFF_ROW, "디지털도시국 인력", "정원", "데이터센터", "67명")
QUESTION = "데이터센터 정원은 몇 명인가요?"
GROUNDED = Answer("데이터센터 정원은 67명입니다 [1].", [CITATION], False, "grounded", 10.0, QUESTION)
