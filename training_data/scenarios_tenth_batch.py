"""A tenth round: more P1 and P2 situations in every area, and more of `general` and
`performance`, the two categories told in the widest range of words (format: see
scenarios_access_upload)."""

CELLS = {
("upload_issues", "P1"): """
Upload endpoint rejects everything after migration :: After your storage migration every upload from every user in our company is rejected with "bucket not found". We can't get a single video in and our verification service is at a standstill. || bucket not found on every upload for the whole company
Uploads vanish for all users :: All uploads from all our staff complete and then disappear, nothing lands in any project. Nobody in the organisation can work with new videos. || every upload for everyone disappears after finishing
""",
("api_integration", "P1"): """
Rate limit set to zero, API-only :: Our organisation's rate limit seems to have been set to zero: every API call gets 429. We integrate only through the API, our staff never use the web app, so this stops our whole service. || every call 429 as if our limit is zero, we only use the api, total stop
Webhook-only pipeline down, API-only :: Our entire product runs on your API and webhooks, no one here uses the dashboard; since midnight every analysis request fails with 500 and no webhooks arrive, so all our customers are affected. || api 500 on every request and no webhooks, we're api-only, all customers down
""",
("performance", "P1"): """
Every analysis times out for all :: Every analysis for every one of our users now ends in a timeout, nothing has completed since 8am. The product is unusable for the whole company. || all analyses time out for everybody, nothing completes
All pages hang for organisation :: All pages hang for every user in our organisation; we waited 10 minutes for the dashboard, nothing. Effectively a full outage. || entire org: every page hangs, full outage for us
""",
("general", "P1"): """
Account area shows error for everyone :: Every user of ours gets "workspace unavailable" right after logging in, the whole product is inaccessible for our company. || workspace unavailable for all our users, product inaccessible
Results all show error for company :: For our whole company every result page shows "could not load analysis", so nobody can see any verdict. We're completely stuck. || all result pages fail for everyone in our org
""",
("account_access", "P1"): """
Identity provider metadata expired on your side :: Every login through our SSO fails since this morning with "invalid issuer", and our users have no passwords. Nobody in the organisation can reach the platform. || sso fails for every user with invalid issuer, no other way in for anyone
""",
("general", "P2"): """
Case sharing broken team-wide :: Sharing cases between analysts stopped working for the whole team: shared cases don't appear for the recipient, and our hand-over process is blocked. || case sharing broken for the team, handovers blocked
Comments and approvals lost team-wide :: All comments and approvals from our team since Monday are gone; the review process can't continue without them. || team's comments and approvals disappeared, reviews stuck
""",
("general", "P3"): """
Help widget not loading :: The help widget in the corner of the app doesn't open for me. || help button does nothing
Wrong counts in project list :: The project list says 12 videos but the project contains 15. || project video count wrong
Dark mode breaks charts :: In dark mode the dashboard charts are invisible, black on black. || charts unreadable in dark mode
Favourites lost after update :: My favourite results were cleared after your update. || favourites gone after update
""",
("general", "P4"): """
Meaning of inconclusive confidence :: Why would a result have both a low score and a "high uncertainty" flag? How should we read that? || low score with high uncertainty, what does it mean
Recommend tool comparison article :: Do you have material comparing manual verification with automated detection for our management? || any material to convince management about automated detection
Batch naming suggestion :: Small suggestion: let us name batches so they're easier to find later. || idea: named batches
Help article request :: Could you write a help article on checking livestream clips? || request: guide for checking live stream clips
Local partner question :: Do you have a local partner in Japan who can support us in Japanese? || partner in japan for local support?
User conference :: Will there be a user conference this year? || when is your next customer event
""",
("performance", "P3"): """
Upload fine but queue slow :: The upload is fine but analyses sit in the queue for 20 minutes before they start, which is new. || jobs wait in queue longer than before
Filters make page crawl :: Once I add more than three filters the results page crawls. || page crawls with several filters on
Report download slow :: Downloading the monthly report takes several minutes, the file is small. || report download very slow
API job creation slow :: Creating a job via the API now takes 5-6 seconds instead of under one. || job creation call slower than before
Results appear late in SIEM :: Detection results show up in our QRadar around 20 minutes late; nothing critical hinges on it. || results late in qradar, 20 minutes
""",
("performance", "P2"): """
Evidence review stalled by slowness :: Loading each video in the review player takes over two minutes for the whole unit, so the unit's review work has practically stopped. || player load time over two minutes for the unit, work stopped
Webhook delays break automation :: Webhooks are arriving 2-3 hours late for all our jobs, which breaks the automatic takedown flow our moderation team depends on. || webhooks hours late, takedown automation broken
""",
("performance", "P4"): """
Processing priority for urgent cases :: Is there a way to mark a job as urgent so it is processed first? || can we prioritise one job in the queue
Why do results take longer at month end :: Is it normal that processing is slower at the end of each month? Just curious. || slower at month end, normal?
""",
("security", "P1"): """
API key abused, data pulled :: The usage log shows our API key downloading results from all our projects from an IP in another country, right now. We never shared the key. || someone is using our api key to download all our results right now
""",
("security", "P2"): """
Contractor laptop stolen :: A contractor's laptop was stolen from a car; his SecureAI account had access to two projects. We see no logins since. || contractor laptop stolen, no logins since, want access cut
Staff clicked phishing link :: Three staff clicked a phishing link imitating your login page, but say they didn't enter passwords. No unusual logins so far. || staff clicked fake login link, no passwords entered they say
""",
("security", "P3"): """
Audit log for internal investigation :: HR needs an export of one user's activity for an internal investigation, due in two weeks. || one user's activity log for hr, due in two weeks
""",
("security", "P4"): """
SOC report bridge letter :: Our SOC 2 report copy is from last year; do you have a bridge letter? || bridge letter for the soc2 period?
Questionnaire CAIQ :: Could you share a completed CAIQ or SIG questionnaire? || do you have a caiq filled in
""",
("account_access", "P3"): """
Invitation went to wrong address :: My invite was sent to a typo address; can it be cancelled and resent to the right one? || invite sent to a mistyped email
Cannot remove old MFA device :: I want to remove my old phone from MFA but the remove button is greyed out. || can't delete old mfa device
""",
("billing", "P3"): """
Invoice VAT rate wrong :: The invoice uses 19% VAT but we're in Austria, it should be 20%. || wrong vat percentage on invoice
""",
("upload_issues", "P3"): """
Upload stalls on hotel wifi :: On hotel wifi my uploads stall halfway; at the office they work. || uploads stall on some networks
""",
("api_integration", "P3"): """
Sentinel rule not triggering :: The analytics rule from your Sentinel solution never triggers, though events arrive. || sentinel rule from your package doesn't fire
""",
}
