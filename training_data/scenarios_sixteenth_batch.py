"""A sixteenth round: words that sound grave but are not ("nobody is blocked", "for our
audit", "double" on an invoice) in their proper cells (format: see scenarios_access_upload)."""

CELLS = {
("api_integration", "P3"): """
SAML pilot assertion fails, nobody blocked :: We're testing Okta SAML with a pilot of five users and the assertion fails with "signature invalid". Nobody is blocked, everyone still signs in with passwords. || okta saml pilot for 5 users fails, nobody blocked
AD integration trial error :: Our trial of the Active Directory integration fails at the group sync step. Nobody relies on it yet. || ad integration trial fails at group sync, nobody depends on it
""",
("security", "P4"): """
Compliance documents for our audit :: Our external audit starts next month and the auditors want your SOC 2 report and ISO certificate. Please send them ASAP. || auditors need your soc2 and iso certificate, asap
Questionnaire for audit, urgent :: URGENT: our audit team needs your completed security questionnaire by Friday. || audit team needs your security questionnaire by friday
""",
("billing", "P3"): """
Invoice amount doubled :: The amount on our latest invoice is double what we agreed in the contract. Could you check and correct it? || invoice is double the agreed amount
""",
("account_access", "P2"): """
Nobody in the legal team can log in :: Nobody in our legal team can log in since this morning, the rest of the company is fine. They have no other way to review the evidence. || legal team can't log in at all, others fine
""",
}
