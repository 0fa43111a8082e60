"""A fourth round, aimed at the categories told in the most different ways (general,
performance, api_integration) and at the guide's judgement calls (format: see scenarios_access_upload)."""

CELLS = {
("general", "P4"): """
What does the timeline view show :: On the result page there's a timeline with red segments. What do the segments mean exactly? || what do the red bars on the result timeline mean
Threshold recommendation :: Which score threshold do other newsrooms use to decide a video needs manual review? || what cut-off score do you recommend before we escalate a video
Audio analysis included :: Does the analysis also check the audio track for voice cloning, or only the images? || is voice cloning detected too or just faces
Dashboard filters how-to :: How do I filter the dashboard to only show videos flagged in the last 7 days? || how to show only last week's flagged videos on the dashboard
Share report with external party :: Can I share a read-only report with our external lawyer who doesn't have an account? || how to send a result to someone outside our org
Report branding :: Can we put our own logo on the PDF reports we send to clients? || custom branding on exported reports?
Suggestion for the results page :: Suggestion: it would help to show the video's original file name on the results page. || small idea: show file names in the results list
Nice work on release :: The new batch overview you released last week is great, it saves us a lot of clicks. || kudos for the last update, really useful
Conference demo request :: Could someone give a short demo at our internal security day next month? || can your team present at our internal event
Certificate of analysis meaning :: What does the "certificate of analysis" in the report prove legally? || is the analysis certificate usable in court
Docs link broken :: The link to "Understanding results" in the help centre gives a 404 page. || broken link in your user guide
Wrong screenshot in docs :: The documentation shows an old version of the dashboard, the menu moved. || help article screenshots outdated
Request for API-free integration ideas :: We'd love an email-in feature where we forward a video and get a report back. || feature request: analyse videos sent by email
Multi-language UI :: Is the interface available in French? || french version of the app?
Glossary request :: Is there a glossary of the terms used in reports, like "face swap" and "lip sync"? || what's the difference between face swap and lip sync in the report
Pilot for another department :: Our legal department wants to try the product too, how do we set up a trial for them? || how can another team of ours get a trial
""",
("general", "P3"): """
Report shows wrong organisation name :: The header of our PDF reports shows another organisation's name template. || wrong company name printed on our reports
Search results incomplete :: Searching for a case number finds only half of the videos tagged with it. || search misses videos with the tag
Tags disappeared :: The tags I put on videos yesterday are gone today. || my video tags got removed
Video list sorting broken :: Sorting the video list by date puts March before January. || sort by date is wrong in the list
Results page shows spinner forever for one video :: One result page never finishes loading, the others open. || one analysis result won't open
Notification links wrong :: The link in the "analysis complete" email leads to a page not found. || email notification link is broken
Counts on dashboard stuck :: The counters on my dashboard haven't updated since Monday. || dashboard numbers frozen
""",
("general", "P2"): """
Review workflow broken for team :: The approve button on results does nothing for anyone on the review team, so nothing gets signed off and cases pile up. || approval step broken for the whole review team
Case exports empty for team :: Every case export comes out empty for the whole team, and we must hand over evidence packages today. || evidence export empty for all of us, handover due today
""",
("general", "P1"): """
Nothing loads after release :: Since your release an hour ago the application shows a white page for all of our users in every browser. We cannot do anything at all. || after the update secureai is a blank page for everybody here
""",
("performance", "P3"): """
Slow upload processing step :: After the upload finishes, the "preparing" step takes 15 minutes before the analysis starts. || stuck on preparing for ages before analysis
Page freezes with many tabs :: The results page makes the browser freeze for a few seconds when I open a long list. || browser hangs when opening the long results list
API pagination slow :: Fetching page 50 of the jobs list via the API takes 30 seconds. || deep pages in the api list are very slow
Webhook callbacks slow :: Webhook callbacks now come 5 to 10 minutes after the job is done instead of seconds. || callbacks delayed by several minutes
Spinning wheel on login to dashboard :: After login the dashboard widgets keep spinning for a minute before data shows. || widgets take a minute to show data
Splunk events delayed :: Events in our Splunk index show up about 30 minutes late, not critical but noticeable. || splunk data arrives half an hour late
Batch slower than usual :: Our weekly batch took 6 hours instead of the usual 2, it did finish. || weekly batch ran 3 times longer than normal
""",
("performance", "P2"): """
Nightly processing missed window :: Our nightly processing didn't finish by morning for the second day; the analysts start their shift with nothing to review. || overnight jobs not finished two days running, analysts idle
Timeouts on results API :: The results endpoint times out for most calls since this morning, our integration retries but can't keep up, production queue growing. || results api timing out, prod backlog growing
Degraded throughput for all jobs :: All our jobs are running at a fraction of normal speed; our SLA to our own customers is at risk today. || processing degraded for all jobs, we'll miss our customer sla
""",
("performance", "P4"): """
Benchmark numbers :: Do you publish any numbers on average analysis time per video length? || any published stats on processing speed?
Faster results tips :: Does trimming a video to the relevant part make results come back faster? || should we cut videos shorter to speed things up
""",
("performance", "P1"): """
Nothing processes company-wide :: Not a single video has been processed for our company since midnight, every job is stuck in "queued". The service is unusable for us. || zero videos processed since midnight for our org, all stuck queued
""",
("api_integration", "P3"): """
Webhook payload missing score :: The webhook payload sometimes has "score": null for completed jobs. || null scores in some webhook payloads
Wrong content type :: The API returns text/html on errors instead of JSON, our client fails to parse it. || error responses are html not json
Token shows wrong permissions :: In the API keys page, the key I created shows "read" although I selected "write". || api key permissions saved wrong
Sandbox key rejected :: The sandbox key from the developer portal returns 401 on the sandbox URL. || 401 with sandbox token
ServiceNow integration mapping :: Our ServiceNow integration creates incidents with an empty description field. || servicenow tickets from your integration lack description
Jira plugin error :: The Jira plugin fails to attach the report to the issue, it says 413. || jira integration can't attach reports
Webhook test button fails :: The "send test webhook" button reports failure but our endpoint logs show the request arrived. || test webhook says failed but it arrived
""",
("api_integration", "P4"): """
Idempotency key support :: Does the upload API support an idempotency key so we don't create duplicates on retry? || idempotent uploads via api?
Webhook ordering :: Are webhooks guaranteed to arrive in order? || do webhook events arrive in sequence
SDK changelog :: Where is the changelog for the Python SDK? || sdk release notes?
API limits on file size :: Is the file size limit the same for API uploads as in the web app? || max file size through the api?
Deprecation notice question :: We got an email about deprecating the v1 jobs endpoint; what's the replacement? || which endpoint replaces the old jobs call
""",
("api_integration", "P2"): """
Every upload via API fails :: Every upload through the API fails with 400 "invalid multipart" since your deploy; our staff can still upload by hand in the web app but our automated intake is down. || api uploads all fail after your deploy, manual upload ok
Webhook signing key missing :: The webhook signing secret disappeared from our settings and all deliveries are now unsigned, so our production receiver rejects every event. || webhooks arrive unsigned and our production system drops them all
""",
("account_access", "P3"): """
Can't switch organisations :: I belong to two organisations and the switcher doesn't show the second one anymore. || org switcher missing my other workspace
MFA prompt every time :: I get asked for an MFA code on every page load, not just at login. || mfa asked repeatedly after signing in
Password rules reject good password :: The password reset page rejects every new password I try with "does not meet requirements", even long ones. || new password always rejected as too weak
""",
("account_access", "P4"): """
Who can see my uploads :: Can other users in my organisation see the videos I upload, or only admins? || are my uploads visible to coworkers
SSO login button location :: Where's the SSO button on the login page? I only see email and password. || how do I sign in with sso, can't find the button
""",
("upload_issues", "P3"): """
Upload page error after choosing file :: Right after choosing the file, the upload page shows "something went wrong". Other files are ok. || error as soon as I pick one particular file
Upload of long video fails :: A 3 hour recording (420 MB) fails at the end of the upload. || long video fails at the very end of upload
Google Drive import permission :: Importing from Google Drive says "permission denied" for a shared file. || can't import shared drive file
""",
("billing", "P3"): """
Extra charge for seats we don't use :: We're being billed for 25 seats although only 18 are assigned. || billed for unused seats
Invoice not received :: We didn't get an invoice for last month and our accounting needs it. || missing invoice for october
Annual price increase unexpected :: Our renewal price went up 20% without notice. || renewal more expensive than agreed
""",
("billing", "P4"): """
Budget planning question :: We're planning next year's budget, what would 3,000 analysis minutes a month cost us? || cost estimate for next year usage
Tax exemption form :: Where do we upload our tax exemption certificate for future invoices? || how to submit tax exempt status
""",
("security", "P2"): """
Leaked screenshot with token :: A screenshot with one of our API tokens was posted in a public support forum by mistake. No calls from it yet. Please advise on revoking. || token visible in a public forum post, not used so far
Brute force on one account :: One of our admins got 300 failed login attempts overnight; the account held. We'd like to review and harden it. || hundreds of failed logins on an admin, no break-in
""",
("security", "P3"): """
Subject access for a journalist :: A journalist filed a GDPR access request for any footage of her we processed; we have one month to answer. || gdpr access request from a journalist, one month deadline
Audit evidence for ISO audit :: Our ISO auditor needs the user access review evidence from your platform by next Tuesday. || need access review evidence for our iso audit next week
""",
("security", "P4"): """
Security contact :: Who is your security contact for coordinated disclosure? || security team email?
Vendor risk form, loudly :: WE NEED YOUR COMPLETED VENDOR RISK FORM TODAY, our procurement is blocking the renewal!!! || URGENT: vendor risk assessment form needed immediately
""",
("security", "P1"): """
Our results are being leaked :: Confidential analysis results of ours are appearing on a Telegram channel, someone must have access to our account. || our analysis results leaked online, someone has access
""",
("billing", "P2"): """
Enterprise features missing after contract signed :: We signed and paid the Enterprise contract, but the account still enforces the 500 MB limit so the team can't upload the court footage. Finance confirms payment. || paid enterprise, still 500 mb limit, team can't work
""",
}
