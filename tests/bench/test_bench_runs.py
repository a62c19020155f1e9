"""`make bench` keeps working: a tiny run prints its table and the JSON line with every key, and
every public page in it with its hit, miss, floor ratio and queries."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The benchmark renders a PDF (Pango) and runs in its own process.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("pango")]


def test_the_benchmark_runs_and_prints_its_json_line(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        BENCH_SIZES="300",
        BENCH_REPEAT="1",
        BENCH_HITS="2",
        BENCH_TRANSITIONS="20",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    for key in (
        "api_floor_ratio",
        "api_items_500_ms",
        "floor_items_500_ms",
        "calendar_month_ms",
        "ics_year_ms",
        "pdf_500_cold_s",
        "pdf_stored_ms",
        "transitions_per_s",
        "db",
        "sizes",
    ):
        assert key in figures, key
    assert figures["db"] == "sqlite" and figures["sizes"] == [300]
    assert "api_items_500_queries" in result.stdout
    pages = figures["by_size"][0]["pages"]
    expected = ("home", "calendar_month", "item_page", "search", "draft_page", "councillor_page",
                "decisions", "mol", "consultations", "oparl_papers")  # fmt: skip
    for name in expected:
        assert name in pages, name
    # Rendered on every request: a consultation's page (its form is signed for each visitor).
    uncached = {"consultation_page"}
    for name, page in pages.items():
        if name not in uncached:
            assert page["hit_queries"] <= 1, name  # a hit reads the public version at most
        assert page["miss_ms"] > 0 and page["hit_floor_ratio"] > 0, name
    assert figures["queries_constant"] is True
