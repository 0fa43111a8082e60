"""An eighteenth round, written from the labelling guide's category table alone (not from
any model errors): each area's listed topics told once more (format: see scenarios_access_upload)."""

CELLS = {
("upload_issues", "P3"): """
URL upload from Vimeo :: Uploading by URL from a private Vimeo link fails with "unable to download". || vimeo url upload fails
Drag and drop into project :: Dragging a file onto a project card doesn't start an upload, it just opens the file in the browser. || drag onto project opens file instead of uploading
Corrupted after transfer :: A file copied from our field laptop says "corrupted" on upload; the original on the laptop plays. || copied file reported corrupted on upload
""",
("upload_issues", "P4"): """
URL upload sources :: From which sites can we upload by URL? || which websites work with url upload
""",
("api_integration", "P3"): """
Phantom playbook setup :: We're building a Phantom playbook with your app and the "get report" action returns an empty object in our test runs. || phantom get report action empty in tests
Demisto instance config :: Configuring the Demisto integration instance, which server URL should we use for EU tenants? Test fails with the default. || demisto eu server url, test fails
Okta app assignment in setup :: Setting up the Okta app for SecureAI, the test user gets "app not assigned" although we assigned him. Still in set-up, nobody uses it. || okta setup test user app not assigned
SDK pagination helper :: The SDK's list helper stops after the first page. || sdk list only returns first page
""",
("api_integration", "P4"): """
ArcSight connector availability :: Is there a SmartConnector for ArcSight, or do we use syslog? || arcsight connector or syslog
Sentinel solution install :: How do we install your Microsoft Sentinel solution from the content hub? || install sentinel solution how
""",
("billing", "P3"): """
Tax ID missing on invoice :: Our tax ID is missing on the invoice, so we can't reclaim VAT. || tax id not on invoice
Overage charged at wrong rate :: Overage minutes were charged at a higher rate than our contract says. || overage rate higher than contract
""",
("billing", "P4"): """
Change payment method to SEPA :: Can we switch from card to SEPA direct debit? || sepa debit possible
Quota reset date :: On which day does our monthly usage quota reset? || when does the quota reset
""",
("billing", "P2"): """
Downgrade applied early :: Our downgrade was applied today instead of at the end of the term, and the team lost access to features we've paid for until month end. || downgrade applied too early, team lost paid features
""",
("security", "P2"): """
Phishing site imitating you :: We found a website imitating the SecureAI login page sent to our staff by SMS. Nobody reported entering credentials. || fake secureai login site sent to staff by sms
""",
("security", "P3"): """
Audit trail of exports :: Our data protection officer needs a list of all exports from our account in the last six months, due in two weeks. || list of all exports for dpo, due in two weeks
""",
("security", "P4"): """
Compliance evidence for insurer :: Our cyber insurer asks for evidence of your encryption and backup practices. || cyber insurance wants your security evidence
""",
("general", "P4"): """
Confidence interval question :: Is the confidence score a probability, and how accurate is it? || is the score a real probability
Dashboard sharing how-to :: How do I share my dashboard view with my manager? || share dashboard with manager
Documentation for admins :: Is there an admin guide covering organisation settings? || admin documentation?
Partnership for universities :: We're a university lab and would like to partner on research. || research partnership with a university
""",
("general", "P3"): """
Report totals wrong :: The totals row in the monthly report doesn't add up the rows above it. || report totals don't add up
""",
("account_access", "P3"): """
Seat shows occupied by removed user :: A user we removed still occupies a seat, so I can't add her replacement. || removed user still takes a seat
Invitation accepted but no access :: A colleague accepted the invitation but still sees an empty workspace. || accepted invite, still no workspace access
""",
("account_access", "P4"): """
Permission for billing page :: Which role can see the billing page? || who can view billing
""",
("performance", "P3"): """
SOAR actions slow :: Our Phantom playbook's SecureAI action now takes 3 minutes per call instead of 20 seconds. It completes. || phantom action slower, still completes
""",
("performance", "P2"): """
Degraded analysis for whole SOC :: All analyses for our SOC take over an hour since this morning; our incident triage is blocked. || every analysis over an hour, soc triage blocked
""",
}
