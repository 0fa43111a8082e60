"""The support design's keyword classifier, used as the baseline in every evaluation, behaves as written."""
from triage_model.baseline import classify


def test_first_matching_keyword_list_wins_as_in_the_seed():
    assert classify("", "I forgot my password for the billing portal") == {"category": "account_access",
                                                                           "priority": "P3"}
    assert classify("URGENT", "question about the invoice") == {"category": "billing", "priority": "P2"}
    assert classify("", "nothing matches here") == {"category": "general", "priority": "P3"}


def test_substring_matching_is_kept_with_its_faults():
    # "download" contains "down": the support design calls an invoice question critical.
    assert classify("", "Where do I download my invoice?") == {"category": "billing", "priority": "P1"}
