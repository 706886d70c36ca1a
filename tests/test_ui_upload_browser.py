"""The 보고서 추가 tab in a real headless Chromium: upload an HWPX report, read the summary, confirm, ask about it.

Saves a screenshot to test-artifacts/ui-upload.png.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import ui
from app.logstore import DB_NAME, LogStore
from tests.conftest import CORPUS, DOC_2025, DOC_2026
from tests.net import free_port
from tests.test_ui_browser import ARTIFACTS, WAIT_S, driver  # noqa: F401 — the shared Chromium fixture
from tools.renditions import report_blocks
from tools.renditions.hwpx import write_hwpx

pytestmark = pytest.mark.browser


@pytest.fixture()
def upload_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path, Path]]:
    """The app over an index of the 2026 report alone; the 2025 report waits as an HWPX file to upload."""
    from index.api import clear_cache, open_index
    from index.build import build_index

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copyfile(CORPUS / DOC_2026, corpus / DOC_2026)
    monkeypatch.setenv("DCQA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("DCQA_INDEX_DIR", str(index_dir))
    build_index(corpus, index_dir, embedder="hash")
    report = write_hwpx(report_blocks((CORPUS / DOC_2025).read_text(encoding="utf-8")),
                        tmp_path / "2025-work-report.hwpx")
    clear_cache()
    store = LogStore(tmp_path / DB_NAME)
    demo = ui.build_app(open_index(index_dir), store)
    _, url, _ = ui.launch(demo, "127.0.0.1", free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield url, report, corpus
    finally:
        demo.close()
        store.close()
        clear_cache()


def test_upload_an_hwpx_report_confirm_and_ask_about_it(upload_app: tuple[str, Path, Path], driver: Any) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    url, report, corpus = upload_app
    wait = WebDriverWait(driver, WAIT_S)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        driver.get(url)
        tab = wait.until(EC.element_to_be_clickable((By.XPATH, "//button[@role='tab'][contains(., '보고서 추가')]")))
        tab.click()
        driver.find_element(By.CSS_SELECTOR, "#upload-file input[type=file]").send_keys(str(report))
        wait.until(EC.text_to_be_present_in_element((By.ID, "upload-summary"), "읽어 보기"))
        driver.find_element(By.ID, "upload-check").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "upload-summary"), "셀 커버리지 100.0%"))
        summary = driver.find_element(By.ID, "upload-summary").text
        assert "2025년 주요 업무보고 — 2025년 보고서" in summary and "읽지 못한 부분 없음" in summary
        confirm = wait.until(EC.element_to_be_clickable((By.ID, "upload-confirm")))
        confirm.click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "upload-status"), "✅"))
        assert (corpus / report.name).exists()
        driver.save_screenshot(str(ARTIFACTS / "ui-upload.png"))

        driver.find_element(By.XPATH, "//button[@role='tab'][contains(., '질문하기')]").click()
        box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
        box.send_keys("2025년 세입 예산현액 계는?")
        box.send_keys(Keys.ENTER)

        def answered(d: Any) -> str | bool:
            text = d.find_element(By.ID, "chat").text
            return text if "답변 방식" in text else False

        assert "15,108,165" in wait.until(answered)  # a figure only the uploaded report holds
    except Exception:
        driver.save_screenshot(str(ARTIFACTS / "ui-upload-failure.png"))
        raise
