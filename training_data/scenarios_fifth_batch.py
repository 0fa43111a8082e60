"""A fifth round: more ways of telling integration, speed, upload and money problems
(format: see scenarios_access_upload)."""

CELLS = {
("api_integration", "P3"): """
Client certificate for mTLS :: We're trying to call your API with mutual TLS as our security policy requires, but the handshake fails. We can use plain HTTPS meanwhile. || mtls handshake to your api fails, plain https works
Python SDK timeout setting :: The Python SDK ignores the timeout parameter we pass, requests hang for the default. || sdk timeout option has no effect
Job status stuck in API but done in UI :: The API says a job is "running" while the dashboard shows it finished an hour ago. || api status differs from dashboard for one job
Unexpected 409 conflict :: Creating a job sometimes returns 409 Conflict with no explanation. Retrying later works. || random 409 responses when creating jobs
Webhook HMAC header name :: Your docs say the signature header is X-Signature, but we receive X-SecureAI-Signature. Which one is right? || webhook signature header differs from docs
Sentinel workbook empty :: The Sentinel workbook from your connector shows no data although events are in the table. || sentinel workbook shows nothing, data is there
QRadar DSM parsing :: QRadar doesn't parse the severity field from SecureAI events correctly. || qradar maps severity wrong for your events
Azure AD test login :: We're testing Azure AD SSO on a staging tenant and the test user gets "AADSTS50011 reply URL mismatch". Production still uses passwords. || staging azure sso test fails with reply url mismatch
Token in query string rejected :: Passing the token as a query parameter gives 401, in the header it works. Is that intended? || token as url parameter returns 401
Callback retries too aggressive :: When our endpoint is down, your webhook retries hammer it every second. || webhook retry storm on our endpoint
""",
("api_integration", "P2"): """
Connector credentials expired :: The service account for our ArcSight connector expired and we can't create a new one in the portal; detections aren't reaching the SOC. || arcsight connector creds expired, can't renew, soc blind
All SDK calls 403 after plan change :: Since our plan change every SDK call returns 403 "feature not enabled". The integration feeding our case system is down; analysts can upload manually meanwhile. || 403 feature not enabled on all api calls after plan switch
API gateway returning HTML :: Your API suddenly returns an HTML login page instead of JSON for every request, our production parser fails everywhere. || every api response is an html page now, prod integration broken
""",
("api_integration", "P4"): """
Async vs sync endpoints :: Is there a synchronous endpoint that returns the result in the same request for short clips? || can the api answer synchronously for small files
Using the API from Excel :: Can our analysts call the API from Excel or Power BI? || power bi connector to your api?
Service accounts :: Can we create an API key that isn't tied to a person, for a service account? || non-personal api keys possible?
Event types list :: Which event types can we subscribe to with webhooks? || list of webhook events?
""",
("performance", "P3"): """
CSV export slow :: Exporting results as CSV takes several minutes for a month of data. || csv export takes minutes
Report preview sluggish :: The report preview lags when scrolling through frames. || scrolling through the report preview is choppy
Slow over VPN :: Through our corporate VPN the app is noticeably slower, pages take 10 seconds. || app slow when on vpn
Queue position not moving :: My job shows position 12 in the queue for an hour, others seem to go ahead. It will probably finish. || my job's queue position doesn't move
Slow comparisons :: The compare view takes a minute to load two results side by side. || compare feature slow to load
Mobile view slow :: On my phone the results page takes very long to load. || mobile results page slow
""",
("performance", "P2"): """
Review tool lagging for all :: The review interface has become so laggy for all our moderators that they process a quarter of the usual volume; we're falling behind on takedown deadlines. || moderators can barely work, interface super laggy for everyone
Batch API accepting but never processing :: Our batch submissions are accepted but sit unprocessed for 8+ hours; downstream teams are blocked. || batch jobs accepted but not processed for hours
""",
("performance", "P4"): """
Why is the first analysis slower :: Why is the first analysis of the day always slower than the rest? || is there a warm-up delay in the morning
Estimated time display :: Could you show an estimated completion time on queued jobs? || feature idea: show eta for jobs
""",
("upload_issues", "P3"): """
Upload blocked by antivirus scan :: My upload fails with "file quarantined by scan", it's a normal MP4 from our own camera. || upload rejected by your virus scan, file is clean
Upload silently fails :: I drop the file, the bar fills, and then nothing: no video, no error. || upload completes but no video appears and no error shown
S3 presigned URL expired :: Upload from our S3 presigned link fails with "access denied", the link works in the browser. || s3 link upload says access denied
Wrong file picked up :: I uploaded one video and the library shows a different one's thumbnail and name. || uploaded file shows up as another video
Dropbox import times out :: Importing a 1 GB file from Dropbox times out after ten minutes. || dropbox import timeout on big file
""",
("upload_issues", "P2"): """
Uploads fail from all Macs :: Since your update uploads fail from every Mac in our team (Safari and Chrome), only the two Windows laptops work. Most of the team can't submit evidence. || every mac in the team fails to upload now
Upload quota reached wrongly :: Everyone in our team gets "upload limit reached" although we've only used a third of our volume. Nobody can add videos. || team blocked by upload limit we didn't reach
""",
("upload_issues", "P4"): """
Bulk rename before upload :: Is it possible to rename files in the upload dialog before they go up? || rename files while uploading?
Upload via email :: Can we email a video to an address to upload it? || upload by email possible?
Upload naming convention :: Do file names matter for analysis, or can we use case numbers as names? || does the file name affect anything
""",
("billing", "P3"): """
Charged for trial :: We were charged at the end of the trial although we clicked "do not continue". || charged after the trial ended although we declined
VAT reverse charge missing :: The invoice lacks the reverse charge note required for EU B2B invoices. || invoice missing reverse charge wording
Invoice address wrong country :: Our invoice shows the wrong country, we need it corrected for tax. || country on invoice is wrong
Refund not received :: You confirmed a refund three weeks ago but it hasn't reached our account. || promised refund never arrived
Two invoices same period :: We got two different invoices for the same month. || duplicate invoices for one month
""",
("billing", "P2"): """
Payment page broken before deadline :: Your payment page errors when we submit the card, and our subscription expires tonight. If it lapses, the whole team loses access tomorrow morning. || can't pay, page errors, subscription expires tonight
Minutes top-up not credited :: We bought extra analysis minutes an hour ago, the charge went through but the balance still shows zero, so every new job for our team is refused. || bought minutes, balance still zero, all jobs refused
""",
("billing", "P4"): """
Invoice language :: Can invoices be issued in German? || invoices in spanish possible?
Switch to yearly :: How do we switch from monthly to yearly billing at the next renewal? || change to annual billing next cycle
Receipt for expense report :: I paid with my own card, how do I get a receipt in my name for expenses? || need a personal receipt for reimbursement
""",
("account_access", "P3"): """
Account stuck pending approval :: My account has been "pending admin approval" for three days and our admin says he approved it. || still pending approval after admin approved
Recovery email outdated :: My recovery email is an old address I no longer have, and I'm locked out. || can't recover account, old recovery email
Can't change password, current one rejected :: In profile settings, changing my password says "current password incorrect" though I just logged in with it. || change password says current one is wrong
""",
("account_access", "P2"): """
Helpdesk team permissions wiped :: All roles in our organisation were reset to Viewer after the admin clicked "sync roles"; our analysts can't run or review anything. || every analyst reset to viewer after a role sync, work stopped
""",
("account_access", "P4"): """
Login from multiple devices :: Can I be logged in on my laptop and my tablet at the same time? || simultaneous sessions allowed?
Username case sensitive :: Are email addresses case-sensitive at login? || does login care about capital letters
""",
("general", "P4"): """
Data retention default :: How long do you keep analysed videos by default? || default retention period for videos?
What is a manipulation type :: The report lists "manipulation type: reenactment". What is reenactment? || what's reenactment in the results
Case management ideas :: Could you add a simple case folder to group videos by investigation? || idea: folders per case
Explaining results to a jury :: How should we explain a confidence score to a non-technical audience such as a jury? || how to present the score to non experts
Supported languages of reports :: Can reports be generated in Spanish for our Madrid office? || report in spanish?
Request a call with product team :: Could someone from your product team call us to discuss our roadmap needs? || want to talk to your product managers
Satisfaction survey :: I filled your satisfaction survey but the link said expired, just wanted to pass on that we're happy. || survey link expired, anyway we're happy
""",
("general", "P3"): """
PDF report missing frames :: The PDF report doesn't include the frame thumbnails anymore. || report pdf lacks frame images
Result labelled in wrong language :: My results page suddenly shows labels in Portuguese. || results page in a language I didn't pick
Comments notifications not sent :: When a colleague comments on a result I don't get notified. || no notification on comments
""",
("security", "P2"): """
Suspicious API client in logs :: Our audit log shows API calls from a client ID we don't recognise, but only list calls, no downloads. We want it investigated and blocked. || unknown api client doing list calls, no data pulled
""",
("security", "P3"): """
Audit trail for litigation :: Our lawyers need the complete audit trail of who viewed the video in case 2291, for a hearing in three weeks. || audit trail for one case needed for court hearing
""",
("security", "P4"): """
Encryption key rotation question :: How often do you rotate encryption keys for stored data? || key rotation policy?
Incident notification policy :: How quickly would you notify us of a breach affecting our data? || breach notification timeline?
""",
}
