"""A sixth round, aimed at the confusions seen on held-out situations: stuck or slow
uploads (upload_issues) next to slow pages and jobs (performance), wrong data on pages
(general) next to slow pages, sessions and roles (account_access) next to security,
and precautionary security cases (format: see scenarios_access_upload)."""

CELLS = {
("upload_issues", "P3"): """
Upload hangs at processing :: After the upload bar reaches 100% it hangs on "finalising upload" forever for this one file. || one upload hangs on finalising
Upload freezes the browser tab :: Choosing a 300 MB file in the uploader freezes my browser tab until I close it. || the uploader freezes my tab with a big file
Slow upload then error :: My upload went at a snail's pace for half an hour and then failed with "connection reset". || upload super slow then connection reset
Upload retry loop :: The uploader keeps retrying the same chunk and never finishes. || upload stuck retrying the same part
""",
("upload_issues", "P2"): """
Every upload stuck in pending for the team :: Since this morning every upload from our team sits at "pending" and never starts, so nobody here can get footage in. || all our uploads stuck pending, team can't add anything
""",
("upload_issues", "P1"): """
Upload service down for our org :: The uploader returns "service unavailable" for every user in our organisation, nobody can upload anything and our whole operation depends on it. || upload unavailable for the entire organisation, operations halted
""",
("performance", "P3"): """
Export takes forever :: Exporting one month of results to PDF takes forever, about 12 minutes. It finishes though. || pdf export very slow but works
Search takes long :: Searching by case number takes 20 seconds before results appear. || search by case id is slow
Dashboard sluggish on Mondays :: The dashboard is sluggish every Monday morning, I guess when everyone logs on. || monday mornings the dashboard crawls
Timeline rendering lag :: The results timeline takes a long time to draw for videos longer than 30 minutes. || timeline slow for long videos
""",
("performance", "P2"): """
Exports time out for compliance team :: Every export for our compliance team times out after 10 minutes, and the regulator submission is due tomorrow. || exports keep timing out for the compliance team, regulator deadline
Searches time out for all :: All searches in the library time out for everyone on our team, so the investigators cannot find any evidence. || library search times out for all investigators
""",
("performance", "P1"): """
Platform crawling for everyone :: The entire platform is crawling for all of our users, each click takes minutes and no analysis completes. We're effectively down. || whole platform so slow for everyone that we're down
""",
("general", "P3"): """
Search returns wrong videos :: Searching for "harbour" shows videos that have nothing to do with it, and misses the ones tagged harbour. || search results wrong, misses tagged videos
Dashboard shows other team's numbers :: My dashboard shows the statistics of another team in our org instead of mine. || dashboard displays the wrong team's stats
Report date range ignored :: The report ignores the date range I choose and always shows all time. || report date filter not applied
Duplicate entries in results :: Every analysis appears twice in my results list. || results list shows duplicates
""",
("general", "P4"): """
Search syntax :: Can I search with AND/OR in the library search box? || does search support boolean operators
Dashboard export format :: Can the dashboard be exported as an image for a presentation? || save dashboard as png?
Weekly digest content :: What exactly is in the weekly digest email? || what does the weekly summary include
""",
("account_access", "P3"): """
Session ends when switching tabs :: I'm logged out every time I switch browser tabs, colleagues are not. || switching tabs logs me out
Role change not applied :: My admin gave me the Reviewer role an hour ago but I still can't approve results. || new reviewer role not taking effect
Locked after SSO change :: After our SSO certificate rotation my personal account is the only one that can't log in. || only my login broke after the sso cert change
""",
("account_access", "P4"): """
Session length question :: How long does a login session last before I need to sign in again? || how long until i'm logged out automatically
Read-only role for auditors :: Which role should we give an auditor who only needs to look at results? || best role for read only auditors
""",
("security", "P2"): """
Weak MFA settings found in review :: Our internal review found that five admins have MFA disabled. No incident, but we want to enforce it today and check their recent activity. || some admins without mfa, no incident, want it fixed now
Test account with default password :: We found an old test account in our org with a simple password. Nothing suggests it was used. Please help us disable it and check. || old test account with weak password found, no sign of use
Device with saved session sold :: An old office PC with a saved SecureAI session was sold by mistake. No sign of misuse, but please end its sessions. || sold pc still had a logged in session
""",
("security", "P1"): """
Exposed evidence via shared link being accessed :: A share link to a sensitive case was posted publicly and the access log shows dozens of outside views this morning. || public share link to our case being viewed by outsiders right now
Session hijack suspected :: One of our analysts sees actions in the audit log done under her name while she was offline, including downloads. || actions under an analyst's account while she was offline, downloads included
""",
("security", "P3"): """
Deletion request from former client :: A former client demands, under GDPR, that all videos of their staff be deleted and confirmed within 30 days. || former client gdpr deletion with confirmation in 30 days
""",
("security", "P4"): """
Security training material :: Do you have guidance for our staff on recognising phishing that imitates SecureAI? || anti-phishing guidance for our users?
Penetration test report request :: Our board asks for your most recent penetration test summary. || latest pentest summary for our board
""",
("api_integration", "P4"): """
Key expiry policy :: Do API keys expire automatically, and can we set an expiry date? || do tokens expire on their own
Scopes list :: Which scopes can an API key have? || what permissions can a token get
""",
("api_integration", "P3"): """
Integration with Teams webhook :: We connected your webhooks to a Microsoft Teams channel but the cards show raw JSON. || teams channel shows raw json from webhooks
Jira integration duplicates :: The Jira integration creates two issues for each flagged video. || jira plugin makes duplicate issues
""",
("billing", "P4"): """
Seat price for next year :: Will the price per seat change at our renewal next year? || seat price at renewal?
Invoice portal access for accountant :: Can our external accountant get access to download invoices only? || invoice-only access for our accountant
""",
("billing", "P3"): """
Paid but marked unpaid :: Our invoice shows as unpaid in the billing page though the card was charged. || billing page says unpaid, card charged
""",
}
