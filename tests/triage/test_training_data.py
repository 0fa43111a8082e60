"""The shipped labelled tickets: format, coverage, variety, no near-duplicates, reproducible."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest
import yaml

from triage_model.data import CATEGORIES, CHANNELS, PRIORITIES, TEST_FILE, TIERS, TRAIN_FILE, load_labelled
from triage_model.dedup import NEAR_DUP_JACCARD, near_duplicate_pairs, ticket_text


@pytest.fixture(scope="module")
def splits():
    return load_labelled([TRAIN_FILE]), load_labelled([TEST_FILE])


def test_enough_tickets_in_every_category_priority_channel_and_tier(splits):
    train, test = splits
    everything = train + test
    assert len(everything) >= 2500 and len(test) >= 500
    cells = Counter((r["category"], r["priority"]) for r in train)
    for category in CATEGORIES:
        for priority in PRIORITIES:
            if (category, priority) == ("billing", "P1"):  # the guide: billing is never P1
                assert cells[(category, priority)] == 0
            else:
                assert cells[(category, priority)] >= 15, (category, priority)
    for split in (train, test):
        assert set(r["channel"] for r in split) == set(CHANNELS)
        assert set(r["tier"] for r in split) == set(TIERS)
        assert set(r["category"] for r in split) == set(CATEGORIES)


def test_tickets_look_like_their_channel(splits):
    train, _ = splits
    phone = [r for r in train if r["channel"] == "phone"]
    assert all(r["subject"] == "" for r in train if r["channel"] in ("phone", "chat"))
    # speech-to-text: lower case, no punctuation
    assert all(not re.search(r"[A-Z.,!?]", r["description"]) for r in phone)
    assert sum(bool(re.search(r"\b(um|uh|er)\b", r["description"])) for r in phone) > len(phone) / 4
    emails = [r for r in train if r["channel"] == "email"]
    assert sum(bool(re.search(r"regards|thanks|cheers|best", r["description"], re.I)) for r in emails) > len(emails) / 2
    lengths = [len(ticket_text(r).split()) for r in train]
    assert min(lengths) >= 3 and max(lengths) <= 160
    assert sum(n <= 15 for n in lengths) > 100 and sum(n >= 60 for n in lengths) > 100


def test_urgent_words_appear_on_low_priority_tickets_too(splits):
    train, _ = splits
    urgent = [r for r in train if re.search(r"urgent|asap", ticket_text(r), re.I)]
    assert len(urgent) > 200
    assert Counter(r["priority"] for r in urgent)["P4"] > 50


def test_no_near_duplicates_within_or_across_splits(splits):
    train, test = splits
    pairs = near_duplicate_pairs([ticket_text(r) for r in test + train], NEAR_DUP_JACCARD)
    assert pairs == []


def test_near_duplicate_check_finds_a_lightly_edited_copy():
    original = "Every call to the analyze endpoint returns 401 since this morning even with a new token"
    texts = [original, original.replace("this morning", "this morning!!"),
             "A completely different ticket about invoices"]
    assert [(i, j) for i, j, _ in near_duplicate_pairs(texts)] == [(0, 1)]


def test_generator_reproduces_the_shipped_files(tmp_path):
    """Also the proof of the move from round-named scenario files to situations/<category>.yaml:
    the shipped files were not touched by it, so the same ids, labels and texts come out."""
    subprocess.run([sys.executable, str(TRAIN_FILE.parent / "generate.py"), str(tmp_path)], check=True,
                   capture_output=True)
    assert (tmp_path / "train.jsonl").read_bytes() == TRAIN_FILE.read_bytes()
    assert (tmp_path / "test.jsonl").read_bytes() == TEST_FILE.read_bytes()
    assert (tmp_path / "counts.md").read_bytes() == (TRAIN_FILE.parent / "counts.md").read_bytes()


def test_records_follow_the_guide_format():
    for path in (TRAIN_FILE, TEST_FILE):
        first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        assert set(first) == {"id", "channel", "tier", "subject", "description", "category", "priority", "situation"}


def load_generator():
    sys.path.insert(0, str(TRAIN_FILE.parent))
    import generate

    return generate


def test_split_is_written_on_each_situation_not_taken_from_its_place(tmp_path):
    generate = load_generator()
    situations = generate.load_situations()
    assert len({s["key"] for s in situations}) == len(situations)
    held_out = {s["key"] for s in situations if s["split"] == "test"}
    # Shuffle the entries of every file: the same situations stay held out.
    for path in generate.SITUATIONS_DIR.glob("*.yaml"):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        (tmp_path / path.name).write_text(yaml.safe_dump(entries[::-1], sort_keys=False), encoding="utf-8")
    moved = generate.load_situations(tmp_path)
    assert {s["key"] for s in moved if s["split"] == "test"} == held_out
    assert [s["key"] for s in moved] == [s["key"] for s in situations]  # rendered in the order written


def test_a_situation_without_its_fields_is_refused(tmp_path):
    generate = load_generator()
    (tmp_path / "billing.yaml").write_text(yaml.safe_dump([
        {"id": "a", "written": 1, "priority": "P2", "split": "train", "subjects": ["x"], "phrasings": ["y"]},
        {"id": "a", "written": 1, "priority": "P9", "subjects": ["x"], "phrasings": ["y"]}]), encoding="utf-8")
    with pytest.raises(SystemExit) as refused:
        generate.load_situations(tmp_path)
    message = str(refused.value)
    assert "id used twice" in message and "split train|test" in message and "written: 1 is used by 2" in message
