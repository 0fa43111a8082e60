"""Every published article exists, is well formed, and states the product's facts the same way."""
from __future__ import annotations

import re

import pytest

from kb_search.articles import ArticleError, load_articles, load_sections, parse_article, slugify

# From kb-articles.md: these ids are published and must never change.
REQUIRED_IDS = """
getting-started/account-setup getting-started/first-login getting-started/profile-configuration
getting-started/quick-start-guide getting-started/video-tutorials core-features/single-video-upload
core-features/batch-processing core-features/api-integration core-features/results-interpretation
core-features/generating-reports core-features/custom-reports core-features/scheduled-reports
core-features/default-dashboard core-features/custom-dashboards core-features/dashboard-widgets
integrations/splunk-integration integrations/qradar-integration integrations/arcsight-integration
integrations/phantom-integration integrations/demisto-integration integrations/sentinel-integration
integrations/active-directory integrations/okta integrations/saml-sso-setup api-documentation/authentication
api-documentation/video-analysis-endpoints api-documentation/batch-processing api-documentation/webhooks
api-documentation/error-codes administration/user-management administration/permission-configuration
administration/system-settings administration/monitoring administration/backup-and-recovery
troubleshooting/login-issues troubleshooting/upload-failures troubleshooting/api-errors
troubleshooting/performance-problems troubleshooting/integration-issues compliance-and-security/gdpr-compliance
compliance-and-security/ccpa-compliance compliance-and-security/data-protection
compliance-and-security/security-best-practices compliance-and-security/audit-trails
billing-and-account/subscription-management billing-and-account/billing-information
billing-and-account/usage-and-quotas billing-and-account/upgrading-downgrading
""".split()

# The answers the bot and the phone line point to.
TROUBLESHOOTING_IDS = """
troubleshooting/compressing-a-video troubleshooting/splitting-a-long-video core-features/supported-video-formats
troubleshooting/file-too-large troubleshooting/upload-stalls troubleshooting/checking-the-status-page
troubleshooting/resetting-your-password api-documentation/rotating-api-tokens troubleshooting/mfa-reset
contact-support/hours-and-contacts contact-support/phone-support core-features/analysis-modes
core-features/understanding-confidence-scores api-documentation/rate-limits
""".split()


@pytest.fixture(scope="module")
def articles():
    return {article.id: article for article in load_articles()}


def _text(articles):
    return {aid: f"{a.title}\n{a.body}" for aid, a in articles.items()}


def test_every_required_and_troubleshooting_article_exists(articles):
    assert len(REQUIRED_IDS) == 48
    missing = [aid for aid in REQUIRED_IDS + TROUBLESHOOTING_IDS if aid not in articles]
    assert missing == []


def test_required_ids_follow_the_slug_rule():
    assert slugify("Backup & Recovery") == "backup-and-recovery"
    assert slugify("SAML/SSO Setup") == "saml-sso-setup"
    assert slugify("Upgrading/Downgrading") == "upgrading-downgrading"


def test_front_matter_is_complete_and_related_links_resolve(articles):
    sections = {s.id for s in load_sections()}
    for article in articles.values():
        assert article.title and article.tags and article.updated, article.id
        assert article.section in sections and article.id.startswith(article.section + "/")
        assert all(rid in articles and rid != article.id for rid in article.related), article.id
        assert len(article.body.split()) >= 80, f"{article.id} is too thin to help anyone"


def test_every_article_has_a_one_line_summary_for_the_chat(articles):
    """The chat shows it under the title; a body that opens with a sub-heading still has one."""
    for article in articles.values():
        assert article.summary and "#" not in article.summary, article.id
    assert articles["administration/backup-and-recovery"].summary.startswith("Analyses, results, reports")


def test_links_inside_bodies_point_to_existing_articles(articles):
    for article in articles.values():
        for target in re.findall(r"\]\(/help/([^)#\s]+)\)", article.body):
            assert target in articles, f"{article.id} links to missing {target}"


def test_broken_front_matter_is_reported_with_the_file(tmp_path):
    (tmp_path / "sections.yaml").write_text("- {id: misc, title: Misc}\n")
    (tmp_path / "misc").mkdir()
    bad = tmp_path / "misc" / "bad.md"
    bad.write_text("---\nid: misc/other\ntitle: x\n---\nbody\n")
    with pytest.raises(ArticleError, match=r"bad\.md.*missing field 'section'.*does not match its file"):
        parse_article(bad, tmp_path)
    good = tmp_path / "misc" / "good.md"
    good.write_text("---\nid: misc/good\ntitle: Good\nsection: misc\ntags: [a]\nupdated: 2026-01-01\n"
                    "related: [misc/nowhere]\n---\nBody text.\n")
    bad.unlink()
    with pytest.raises(ArticleError, match="related article 'misc/nowhere' does not exist"):
        load_articles(tmp_path)


# -- the support design's facts, stated the same way everywhere ------------------------------

def _sentences(text):
    """Sentences of the prose (wrapped lines joined) and table rows, one by one."""
    for paragraph in text.split("\n\n"):
        lines = paragraph.splitlines()
        yield from (line for line in lines if line.lstrip().startswith("|"))
        prose = " ".join(line for line in lines if not line.lstrip().startswith("|"))
        yield from re.split(r"(?<=[.!?])\s+", prose)


def test_upload_limit_is_500_mb_below_enterprise_and_none_on_enterprise(articles):
    checked = 0
    for aid, text in _text(articles).items():
        for sentence in _sentences(text):
            about_uploads = (re.search(r"upload|video|file size|per file", sentence, re.I)
                             and "attachment" not in sentence)
            limit = re.search(r"\blimit\b|maximum|up to", sentence, re.I)
            if about_uploads and limit and re.search(r"\d\s*[MG]B\b", sentence):
                checked += 1
                sizes = set(re.findall(r"(\d[\d,]*)\s*MB\b", sentence))
                assert "500" in sizes, f"{aid}: size limit stated without 500 MB: {sentence.strip()!r}"
            if re.search(r"enterprise", sentence, re.I) and re.search(r"\d\s*[MG]B\b", sentence):
                fine = re.search(r"no (file size )?limit|unlimited|500 MB below Enterprise", sentence, re.I)
                assert fine, f"{aid}: Enterprise with a size: {sentence!r}"
    assert checked >= 10
    limit = _text(articles)["troubleshooting/file-too-large"]
    assert "**500 MB**" in limit and "no file size limit" in limit


def test_supported_formats_are_always_the_same_five(articles):
    formats = ["MP4", "AVI", "MOV", "MKV", "WEBM"]
    for aid, text in _text(articles).items():
        for line in text.splitlines():
            named = re.findall(r"\b(MP4|AVI|MOV|MKV|WEBM)\b", line)
            if len(set(named)) >= 3:
                assert named == formats, f"{aid}: formats listed as {named}: {line!r}"


def test_analysis_mode_durations_match_the_seed(articles):
    expected = {"Quick": "under 1 minute", "Comprehensive": "2-5 minutes", "Security-focused": "3-7 minutes"}
    seen = 0
    for aid, text in _text(articles).items():
        for mode, duration in expected.items():
            for match in re.finditer(rf"{mode}\**\s*(?:\(|\|)\s*([^)|]*minute[^)|]*)", text):
                seen += 1
                assert match.group(1).strip().startswith(duration), f"{aid}: {mode} said to take {match.group(1)!r}"
    assert seen >= 9


def test_confidence_table_matches_the_seed(articles):
    bands = {"90-100": "Critical", "80-89": "High", "60-79": "Medium", "40-59": "Low", "0-39": "Very Low"}
    rows = 0
    for aid, text in _text(articles).items():
        for line in text.splitlines():
            for band, level in bands.items():
                if re.match(rf"\|\s*{band}%", line):
                    rows += 1
                    assert re.search(rf"\|\s*{level}\s*\|", line), f"{aid}: {band}% is not {level}: {line!r}"
    assert rows >= 10


def test_chat_hours_and_contacts_match_the_seed(articles):
    hours = {"9 AM - 5 PM EST", "8 AM - 8 PM EST", "10 AM - 4 PM EST"}
    addresses = {"support", "technical", "billing", "security", "enterprise-support", "no-reply", "reports", "sales"}
    menu = {"1": "general", "2": "technical", "3": "billing", "4": "enterprise", "5": "sales", "9": "emergency"}
    for aid, text in _text(articles).items():
        for span in re.findall(r"\d{1,2} AM\s*-\s*\d{1,2} PM EST", text):
            assert re.sub(r"\s*-\s*", " - ", span) in hours, f"{aid}: chat hours {span!r}"
        for local in re.findall(r"([\w.-]+)@secureai\.com", text):
            assert local in addresses, f"{aid}: unknown address {local}@secureai.com"
        for number in re.findall(r"\+1-800-[\w-]+", text):
            assert number == "+1-800-SECURE-AI", aid
        for option, _context in re.findall(r"(?:option|press) (\d)\b(.{0,60})", text, re.I | re.S):
            assert option in menu, f"{aid}: phone option {option} does not exist"
    phone = _text(articles)["contact-support/phone-support"].lower()
    for option, word in menu.items():
        assert re.search(rf"\| {option} \| [^\n]*{word}", phone), f"menu option {option} should be {word}"
    hours_page = _text(articles)["contact-support/hours-and-contacts"]
    assert "Monday-Friday 9 AM - 5 PM EST" in hours_page and "24/7/365" in hours_page


def test_article_ids_named_by_other_parts_exist(articles):
    """The bot, the phone line and the console link articles by id; a renamed id breaks them."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(?:/help/|article: |article_link\(['\"])([a-z0-9-]+/[a-z0-9-]+)")
    named = {}
    for folder in ("bot", "ivr", "handoff", "support_service"):
        for path in (root / folder).rglob("*"):
            if path.suffix in {".py", ".yml", ".yaml", ".html", ".js", ".md"} and path.is_file():
                for article_id in pattern.findall(path.read_text(encoding="utf-8", errors="ignore")):
                    named.setdefault(article_id, path.relative_to(root).as_posix())
    missing = {aid: where for aid, where in named.items() if aid not in articles}
    assert missing == {}
