"""The chat UI in a real headless Chromium (Debian `chromium` + `chromedriver`, through selenium).

Type a question, wait for the streamed answer, click the first source, check the highlighted cited line
and the marked table cell, leave 👍 feedback, and save a screenshot to test-artifacts/ui-source.png.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import ui
from app.logstore import DB_NAME, LogStore
from tests.conftest import DOC_2026, REPO
from tests.net import free_port

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = REPO / "test-artifacts"
WAIT_S = 90  # a shared CI machine: first answer loads Kiwi and the index


@pytest.fixture(scope="module")
def app_url(built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, LogStore]]:
    """The real app over the test index on a free port of 127.0.0.1."""
    from index.api import open_index

    with pytest.MonkeyPatch.context() as mp:  # module scope: the autouse isolated_env is not active yet
        mp.setenv("DCQA_EMBEDDER", "hash")
        mp.setenv("DCQA_LLM", "")
        store = LogStore(tmp_path_factory.mktemp("ui-browser-data") / DB_NAME)
        demo = ui.build_app(open_index(built_index), store)
        _, url, _ = ui.launch(demo, "127.0.0.1", free_port(), prevent_thread_lock=True, quiet=True)
        yield url, store
        demo.close()
        store.close()


@pytest.fixture()
def driver(tmp_path: Path) -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian chromium/chromedriver not installed: apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000", "--lang=ko-KR"):
        opts.add_argument(arg)
    opts.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-', dir=tmp_path)}")
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        yield d
    finally:
        d.quit()


def test_ask_click_first_source_and_see_the_cited_line(app_url: tuple[str, LogStore], driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    url, store = app_url
    wait = WebDriverWait(driver, WAIT_S)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        driver.get(url)
        box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
        assert "디지털도시국 업무보고 Q&A" in driver.title
        box.send_keys("2026년 데이터센터 정원은?")
        box.send_keys(Keys.ENTER)

        # the streamed answer is done when its sources and the mode line appear under it
        def answered(d: Any) -> str | bool:
            text = d.find_element(By.ID, "chat").text
            return text if "답변 방식" in text else False

        chat_text = wait.until(answered)
        assert "67명" in chat_text
        assert "[1] 2026년 현안 업무보고 · 37행" in chat_text
        assert "문서 근거 기반(grounded)" in chat_text and "응답 시간" in chat_text

        first = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#sources label")))
        assert first.text.startswith("[1] 2026년 현안 업무보고 · 37행")
        first.click()

        cited = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#source-panel .cited-line")))
        assert cited.get_attribute("data-line") == "37"
        assert "| 정원 | 274명 |" in cited.text and "67명" in cited.text
        panel = driver.find_element(By.ID, "source-panel")
        assert "1. 일반현황" in panel.text and DOC_2026 in panel.text
        cell = panel.find_element(By.CSS_SELECTOR, ".cited-cell")
        assert cell.text == "67명"
        background = cited.value_of_css_property("background-color")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the cited line is not highlighted"

        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", cited)
        driver.save_screenshot(str(ARTIFACTS / "ui-source.png"))

        driver.find_element(By.ID, "fb-up").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "fb-status"), "피드백을 저장했습니다"))
        [fb] = store.feedback()
        assert fb.rating == 1 and store.queries()[0].id == fb.query_id
        assert store.queries()[0].question == "2026년 데이터센터 정원은?"

        driver.find_element(By.ID, "new-chat").click()
        wait.until(lambda d: "67명" not in d.find_element(By.ID, "chat").text)
        assert "번호를 누르면 원문" in driver.find_element(By.ID, "source-panel").text
    except Exception:
        driver.save_screenshot(str(ARTIFACTS / "ui-failure.png"))
        raise


def test_a_three_turn_conversation_and_a_citation_of_the_last_answer(app_url: tuple[str, LogStore], driver: Any) -> None:
    """Follow-ups in the browser: '그럼 작년엔?' and '현원은?' are read against the earlier turns; the last answer's
    source opens at the 2025 report's 데이터센터 row; the query log keeps one conversation id and the resolved
    questions."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    url, store = app_url
    wait = WebDriverWait(driver, WAIT_S)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        driver.get(url)
        for n, q in enumerate(("2026년 데이터센터 정원은?", "그럼 작년엔?", "현원은?"), start=1):
            box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
            box.send_keys(q)
            box.send_keys(Keys.ENTER)
            wait.until(lambda d, n=n: d.find_element(By.ID, "chat").text.count("답변 방식") >= n)
        chat_text = driver.find_element(By.ID, "chat").text
        assert "'2025년 데이터센터 정원은?'(으)로 이해했습니다." in chat_text
        assert "'2025년 데이터센터 현원은?'(으)로 이해했습니다." in chat_text and "69명" in chat_text

        first = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#sources label")))
        assert "2025년 주요 업무보고" in first.text, first.text
        first.click()
        cited = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#source-panel .cited-line")))
        assert cited.get_attribute("data-line") == "32" and "69" in cited.text
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", cited)
        driver.save_screenshot(str(ARTIFACTS / "ui-conversation.png"))

        rows = [r for r in store.queries() if r.question in ("그럼 작년엔?", "현원은?")]
        assert len({r.conversation for r in rows}) == 1 and rows[0].conversation
        assert {r.resolved for r in rows} == {"2025년 데이터센터 정원은?", "2025년 데이터센터 현원은?"}
    except Exception:
        driver.save_screenshot(str(ARTIFACTS / "ui-conversation-failure.png"))
        raise
