"""Clutter: page furniture in scraped text is found, article paragraphs are kept."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from geoevent.io.clutter import clutter_spans, is_clutter, load_clutter_rules
from geoevent.rules import RuleError

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = (FIXTURES / "cluttered_page.txt").read_text(encoding="utf-8")


def marked_lines(text: str) -> list[str]:
    """Return the non-blank lines of ``text`` that lie in clutter spans."""
    spans = clutter_spans(text)
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and is_clutter(spans, start, end):
            out.append(line)
        start = end + 1
    return out


ARTICLE_PARAGRAPHS = [
    "Heavy rain has flooded more than 40 villages",
    "The district commissioner said rescue teams",
    '"We are doing everything we can," he said.',
    "Aid workers warned:",
    "Food stocks in the area could run out within a week.",
]
PAGE_CLUTTER = [
    "Skip to content",
    "Home | World | Africa | Politics",
    "Share on Facebook Share on Twitter Printer Friendly Page",
    "Send a Tweet",
    "By Jane Mwale",
    "Updated 14 March 2023",
    "Rate It | View Ratings",
    "Jane Mwale is a freelance reporter",
    "The views expressed herein",
    "If you value this article, please either Donate",
    "Sign up for our daily newsletter",
    "Related Articles",
    "Cyclone kills 12 in southern Mozambique",
    "Police arrest 30 protesters in Lilongwe",
    "Is the rainy season getting longer?",
    "Copyright 2023 Example Daily",
    "We use cookies",
    "Tell A Friend",
]


@pytest.mark.parametrize("paragraph", ARTICLE_PARAGRAPHS)
def test_article_paragraphs_are_kept(paragraph):
    assert not any(line.startswith(paragraph) for line in marked_lines(PAGE))


@pytest.mark.parametrize("clutter", PAGE_CLUTTER)
def test_page_clutter_is_marked(clutter):
    assert any(line.startswith(clutter) for line in marked_lines(PAGE))


def test_spans_cover_whole_lines_and_merge_across_blank_lines():
    text = "Send a Tweet\n\nTell A Friend\nPolice fired tear gas at protesters in Harare on Friday.\n"
    assert clutter_spans(text) == [(0, len("Send a Tweet\n\nTell A Friend"))]


@pytest.mark.parametrize(
    ("line", "clutter"),
    [
        # buttons, links and bylines
        ("Share on Facebook", True),
        ("Printer Friendly Page", True),
        ("Read more", True),
        ("Home | News | Sport", True),
        ("(Opens new browser window)", True),
        ("Contact Author Contact Editor Author Page", True),
        ("By John Smith", True),
        ("By John Smith, Reuters", True),
        ("To View Comments or Join the Conversation:", True),
        # always clutter, even as sentences
        ("If you've enjoyed this, sign up for our daily or weekly newsletter to get lots more.", True),
        ("We use cookies to give you the best experience on our website.", True),
        ("All rights reserved.", True),
        # article text, however short or close to a clutter phrase
        ("Police arrested 12 protesters in Nairobi on Monday.", False),
        ("By Monday, at least 12 people had died in the fighting.", False),
        ("Thousands of people were urged to share on Facebook any news of the missing.", False),
        ("He said:", False),
        ("The army said in a statement:", False),
        ('"We will not leave," the mayor said.', False),
        ("- Pledged 102bn rupees for tsunami victims", False),
        ("Rebels seize key town in eastern Congo", False),
        ("More than 200 people were killed in the attack, officials said.", False),
    ],
)
def test_single_lines(line, clutter):
    text = f"Soldiers clashed with rebels near the border, the army said.\n\n{line}\n"
    assert (line in marked_lines(text)) is clutter


def test_headline_list_ends_at_the_next_paragraph():
    text = (
        "Related Articles\n\n"
        "Cyclone kills 12 in Mozambique\n\n"
        "Floods displace thousands in Malawi\n\n"
        "Separately, police in Blantyre arrested 14 people after protests over fuel prices.\n\n"
        "Troops deployed to the north\n"
    )
    assert marked_lines(text) == [
        "Related Articles",
        "Cyclone kills 12 in Mozambique",
        "Floods displace thousands in Malawi",
    ]


def test_clean_article_is_left_alone():
    text = (
        "Rebels seize key town in eastern Congo\n\n"
        "Rebels have seized the town of Bunagana in eastern Congo after two days of fighting, "
        "the army said on Monday.\n\n"
        "At least 30 soldiers crossed into Uganda, a Ugandan official said.\n\n"
        "The United Nations called for calm.\n"
    )
    assert clutter_spans(text) == []


def test_hard_wrapped_paragraphs_are_judged_as_a_whole():
    paragraph = (
        "Security forces in the northern city of Kano arrested more than\n"
        "forty people on Saturday after clashes between rival groups left\n"
        "at least six dead, a police spokesman told reporters at a briefing\n"
        "in the city centre\n"
    )
    text = "Related Articles\n\n" + paragraph + "\n" + paragraph
    assert marked_lines(text) == ["Related Articles"]


def test_long_lines_are_never_clutter_and_take_linear_time():
    text = "Share on Facebook " * 20_000
    begin = time.perf_counter()
    assert clutter_spans(text) == []
    assert clutter_spans("x" * 300_000) == []
    assert time.perf_counter() - begin < 2


@pytest.mark.parametrize(
    ("spans", "start", "end", "expected"),
    [
        ([(10, 20)], 10, 20, True),
        ([(10, 20)], 0, 30, False),
        ([(0, 5), (10, 20)], 3, 18, True),
        ([(10, 20)], 20, 25, False),
        ([], 0, 5, False),
    ],
)
def test_is_clutter(spans, start, end, expected):
    assert is_clutter(spans, start, end) is expected


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("share me\tbanner", "unknown clutter kind 'banner'"),
        ("(unclosed\tbutton", "bad pattern"),
        ("no kind here", "expected 2 tab-separated fields"),
    ],
)
def test_bad_user_rules_name_the_file_and_line(tmp_path, row, message):
    path = tmp_path / "mine.tsv"
    path.write_text(f"# my clutter\n^ok$\tbutton\n{row}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=f"{path}:3: {message}"):
        load_clutter_rules([path])


def test_user_rules_extend_the_builtin_ones(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("^brought to you by\\b\tplea\n", encoding="utf-8")
    rules = load_clutter_rules([path])
    assert len(rules) == len(load_clutter_rules()) + 1
    text = "Brought to you by Example Corp and its partners everywhere.\n"
    assert clutter_spans(text, rules) == [(0, len(text) - 1)]
    assert clutter_spans(text) == []


def test_numbered_headline_list_after_a_list_header_is_clutter():
    text = (
        "Police arrested 27 people in Nairobi on Tuesday, officials said.\n\n"
        "Most Popular Articles\n"
        "1. Five killed as bus plunges off bridge in Tanzania\n"
        "2. Markets rally after central bank holds rates\n"
        "- Striker signs record deal with Saudi club\n"
    )
    spans = clutter_spans(text)
    assert not is_clutter(spans, 0, text.index("\n"))
    for headline in ("Five killed", "Markets rally", "Striker signs"):
        start = text.index(headline)
        assert is_clutter(spans, start, text.index("\n", start))
