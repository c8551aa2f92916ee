"""Every page's own words are the knowledge base's ([page] in rules/case-words.toml): the main navigation's labels
and the footer's stamp; an app over a reworded copy shows the new words."""

from __future__ import annotations

from pathlib import Path

from rules_copy import loaded

from web import create_app


def test_reworded_navigation_and_footer_stamp_reach_every_page(tmp_path: Path) -> None:
    engine = loaded(
        tmp_path,
        ('nav_case_library = "Case library"', 'nav_case_library = "Library of cases"'),
        ('footer_stamp = "{stamp}."', 'footer_stamp = "Built from: {stamp}"'),
    )
    page = create_app({"TESTING": True, "ENGINE": engine}).test_client().get("/timeline").get_data(as_text=True)
    assert '<a href="/cases">Library of cases</a>' in page
    info = engine.kb.info
    code = f'<code class="hash">{engine.kb.sha256}</code>'
    assert (
        f"<p>Built from: Knowledge base {info.version}, evidence to {info.evidence_cutoff}, sha256 {code}</p>" in page
    )
    assert "Case library" not in page
