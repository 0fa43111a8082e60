"""Details pre-filled on tickets, found by the spaCy EntityRuler."""
from __future__ import annotations

import pytest

from triage_model.extract import DetailExtractor

EMPTY = {"file_size_mb": None, "video_format": None, "error_codes": [], "http_status": [], "endpoint": None,
         "ticket_id": None, "email": None, "integration": None}


@pytest.fixture(scope="module")
def extract():
    return DetailExtractor()


def test_finds_every_kind_of_detail(extract):
    found = extract("Every call to /api/v1/analyze/video returns 401 since yesterday (see TICK-20261127-004). "
                    "The 650MB .wmv fails with ERR_UPLOAD_TIMEOUT; reach me at maria.okafor@acme.com. Our Splunk SOAR "
                    "playbook too.")
    assert found == {"file_size_mb": 650.0, "video_format": "WMV", "error_codes": ["ERR_UPLOAD_TIMEOUT"],
                     "http_status": [401], "endpoint": "/api/v1/analyze/video", "ticket_id": "TICK-20261127-004",
                     "email": "maria.okafor@acme.com", "integration": "Splunk SOAR"}


@pytest.mark.parametrize("text, field, value", [
    ("a 2.5 GB recording", "file_size_mb", 2560.0),
    ("my 1,200 MB file", "file_size_mb", 1200.0),
    ("the file is 700 megabytes", "file_size_mb", 700.0),
    ("uploaded an MKV", "video_format", "MKV"),
    ("error code 1023 shows", "error_codes", ["1023"]),
    ("got error 413 back", "http_status", [413]),
    ("429 Too Many Requests and then 503", "http_status", [429, 503]),
    ("our Microsoft Sentinel connector", "integration", "Microsoft Sentinel"),
    ("configuring okta for a pilot", "integration", "Okta"),
])
def test_single_details(extract, text, field, value):
    assert extract(text)[field] == value


def test_numbers_that_are_not_codes_are_left_alone(extract):
    assert extract("all 200 of our analysts and 12 managers") == EMPTY
    assert extract("Every Thursday everything is fine") == EMPTY


def test_batch_gives_the_same_as_one_by_one(extract):
    texts = ["403 on /api/v2/results", "nothing here", "a 900 MB .mov", "", "x" * 100_000]
    assert extract.many(texts) == [extract(t) for t in texts]
    assert extract.many(texts)[1] is not extract.many(texts)[3]
