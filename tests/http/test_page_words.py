"""Every page's own words are the knowledge base's ([page] in rules/case-words.toml): the main navigation's labels,
the footer's stamp, the answer's, a walkthrough's and an evidence chart's; an app over a reworded copy shows the new
words."""

from __future__ import annotations

from pathlib import Path

from rules_copy import loaded

from engine import Engine
from web import create_app


def shown(engine: Engine, path: str) -> str:
    """The page at path of an app over engine (a reworded copy's)."""
    return create_app({"TESTING": True, "ENGINE": engine}).test_client().get(path).get_data(as_text=True)


def test_reworded_navigation_and_footer_stamp_reach_every_page(tmp_path: Path) -> None:
    engine = loaded(
        tmp_path,
        ('nav_case_library = "Case library"', 'nav_case_library = "Library of cases"'),
        ('footer_stamp = "{stamp}."', 'footer_stamp = "Built from: {stamp}"'),
    )
    page = shown(engine, "/timeline")
    assert '<a href="/cases">Library of cases</a>' in page
    info = engine.kb.info
    code = f'<code class="hash">{engine.kb.sha256}</code>'
    assert (
        f"<p>Built from: Knowledge base {info.version}, evidence to {info.evidence_cutoff}, sha256 {code}</p>" in page
    )
    assert "Case library" not in page


def test_a_field_the_case_does_not_give_is_shown_as_not_given(tmp_path: Path) -> None:
    """The answer's "The case as entered" and a walkthrough's features say a field the case leaves out is not
    given (it is unknown, or the date is the cut-off), never that a default was taken; in the knowledge base's
    words, so a reworded copy shows its own."""
    engine = loaded(tmp_path, ('case_not_given = "not given"', 'case_not_given = "not stated in the case"'))
    client = create_app({"TESTING": True, "ENGINE": engine}).test_client()
    answer = client.get("/answer?setting=metastatic&her2_status=positive&hormone_receptor_status=negative"
                        "&metastatic_line=first").get_data(as_text=True)  # fmt: skip
    assert '<td>Unknown <span class="muted">(not stated in the case)</span></td>' in answer  # sex, not given
    walkthrough = client.get("/cases/her2-low-db04-2022").get_data(as_text=True)
    assert "<td>not stated in the case</td>" in walkthrough
    assert "default" not in answer + walkthrough


def test_reworded_title_suffix_skip_link_and_print_source_reach_every_page(tmp_path: Path) -> None:
    engine = loaded(
        tmp_path,
        ('title_suffix = "(educational use only)"', 'title_suffix = "(for teaching only)"'),
        ('skip_link = "Skip to the content"', 'skip_link = "Skip to the main content"'),
        ('printed_from = "Printed from"', 'printed_from = "Printed from the page"'),
        ('nav_label = "Main"', 'nav_label = "The site\'s \\"main\\" sections"'),
    )
    page = shown(engine, "/glossary")
    assert " · her2-cds (for teaching only)</title>" in page
    assert 'href="#main">Skip to the main content</a>' in page
    assert '<p class="print-only">Printed from the page <span' in page
    assert "educational use only)</title>" not in page
    # an attribute's value is escaped whole, quotes too
    assert '<nav aria-label="The site&#39;s &#34;main&#34; sections">' in page


def test_reworded_answer_headings_and_stamp_reach_the_answer_page(tmp_path: Path) -> None:
    engine = loaded(
        tmp_path,
        ('verdict_heading = "What fits this case"', 'verdict_heading = "Options for this case"'),
        ('reasoning_heading = "The engine\'s reasoning"', 'reasoning_heading = "How the engine got there"'),
        ('references_heading = "References ({count})"', 'references_heading = "Sources cited: {count}"'),
        ('kb_stamp = "Version {version}, evidence to {cutoff}."', 'kb_stamp = "Release {version} (to {cutoff})."'),
        ('see_this_case = "See this case"', 'see_this_case = "Read this case"'),
        ('verdict_open = "Open an option below', 'verdict_open = "Unfold an option below'),
        ('figure_number = "Figure {n}."', 'figure_number = "Chart {n}."'),
    )
    page = shown(
        engine, "/answer?setting=metastatic&her2_status=positive&hormone_receptor_status=negative&metastatic_line=first"
    )
    info = engine.kb.info
    assert '<h2 id="verdict-title">Options for this case</h2>' in page
    assert "<h2>How the engine got there</h2>" in page
    assert "<h2>Sources cited: " in page
    assert f"<p>Release {info.version} (to {info.evidence_cutoff}).</p>" in page
    assert '<p class="date-switch">Read this case\n' in page
    assert "Unfold an option below for its evidence, critical appraisal and charts.</p>" in page
    assert "<figcaption><strong>Chart 1.</strong> " in page
    assert "What fits this case" not in page


def test_reworded_walkthrough_steps_and_check_line_reach_a_library_case(tmp_path: Path) -> None:
    engine = loaded(
        tmp_path,
        ('step_features = "Step 1: the case\'s features"', 'step_features = "First: what the case gives"'),
        ('status_many = "{count} expected statuses"', 'status_many = "{count} statuses expected"'),
        ('absent_one = "{count} regimen"', 'absent_one = "{count} option"'),
    )
    client = create_app({"TESTING": True, "ENGINE": engine}).test_client()
    page = client.get("/cases/first-line-in-2014").get_data(as_text=True)
    teaching = engine.kb.cases["first-line-in-2014"]
    assert '<li id="step-features"><h2>First: what the case gives</h2>' in page
    assert f"({len(teaching.expect)} statuses expected, 1 option expected absent)." in page
    assert "Step 1: the case" not in page


def test_reworded_option_depth_sentences_reach_the_answer_page(tmp_path: Path) -> None:
    """An option in depth: a study with no results yet, and evidence charted under another option."""
    engine = loaded(
        tmp_path,
        ('"No results reported: the trial was ongoing', '"No results yet: the trial was ongoing'),
        ('"Its evidence is charted under another option in"', '"Its chart is under another option:"'),
    )
    page = shown(
        engine,
        "/answer?setting=adjuvant&her2_status=positive&hormone_receptor_status=negative&neoadjuvant_response=none"
        "&tumor_size_cm=1.5&node_status=negative&as_of=2014-07-31",
    )
    assert '<td colspan="3">No results yet: the trial was ongoing when the review was written.</td>' in page
    assert '<p class="see-figure">Its chart is under another option: <a href="#figure-' in page
    assert "charted under another option" not in page


def test_reworded_chart_numbers_reach_the_evidence_page(tmp_path: Path) -> None:
    engine = loaded(
        tmp_path,
        ('column_trial = "Trial"', 'column_trial = "Study"'),
        ('sources = "Sources:"', 'sources = "From:"'),
    )
    page = shown(engine, "/evidence")
    assert '<thead><tr><th scope="col">Study</th>' in page
    assert '<p class="sources"><strong>From:</strong> ' in page
    assert '<th scope="col">Trial</th>' not in page
