"""More situations for api_integration and performance (format: see scenarios_access_upload)."""

CELLS = {
("api_integration", "P1"): """
DNS change broke API for API-only :: Since your API domain change every request from our app fails with a TLS error. We don't use your website at all, the API is everything for us, so all our customers are affected. || api host cert error on all calls, we're api-only, our whole app is down
Account API access disabled, API-only :: Our organisation's API access shows "disabled" and every call is rejected. Our product calls you for every upload our users make and nobody uses the SecureAI UI, so we're completely down. || api access disabled for our org and the api is the only thing we use, total outage
Results endpoint empty for API-only :: The results endpoint returns empty bodies for every job. We're API-only, no web users, so none of our clients get verdicts. || every result call returns nothing, we only integrate via api, all clients affected
""",
("api_integration", "P2"): """
Webhook endpoint returns 410 :: All webhooks to our endpoint now fail because your side marks our URL as gone (410). Production case flow relies on them; people are manually refreshing the dashboard. || every webhook disabled with 410, production workflow stopped, manual workaround only
QRadar app stopped ingesting :: The QRadar app stopped ingesting SecureAI events after the upgrade, the whole SOC is missing deepfake alerts. || {siem} app no longer ingests any events since upgrade
Sentinel connector auth failing :: Our Microsoft Sentinel data connector fails to authenticate since the key rotation, no events are flowing into production. || sentinel connector cannot auth, nothing flows to production
API returns wrong schema :: Your API started returning "score" as a string instead of a number, breaking our production parser for all calls. || response type changed and our prod integration crashes on every call
Token creation broken :: We can't create any new API tokens, the button errors, and our old ones expired today. The automated pipeline is stopped; the UI still works for manual checks. || token generation fails and old keys expired, pipeline halted
CORS errors block our app :: Every browser call from our web app to your API now fails with a CORS error, our integrated review tool is stopped for the team. || cors errors on all requests since yesterday, our tool is broken for everyone here
""",
("api_integration", "P3"): """
Webhook retries duplicate :: We receive the same webhook three or four times for some jobs. We can deduplicate, but it's noisy. || duplicate webhook deliveries for some analyses
Timestamp format inconsistent :: Some API responses use ISO timestamps and others epoch seconds. || inconsistent date formats across endpoints
API key scope question with error :: My read-only key gets 403 when creating a job, what scope do I need? || 403 creating jobs with my key, need the right scope
Upload via API rejects multipart :: The upload endpoint rejects our multipart request with 400 "missing file", the same file works with curl. || 400 error uploading through api from our java client
SDK retry bug :: The Python SDK doesn't retry on 429 as the docs say it should. || sdk ignores retry-after header
Okta group mapping test :: In our Okta test tenant the group-to-role mapping doesn't apply. It's a trial set-up, no users rely on it yet. || okta test integration: groups not mapped to roles, still testing
ArcSight CEF format :: The ArcSight connector sends events that our parser can't read, a field seems misnamed. || cef events from your connector have a wrong field name
Splunk app missing field :: In Splunk, events from SecureAI lack the video URL field since the last app version. || splunk events missing a field after update
Demisto integration test fails :: The Demisto integration test button returns "connection refused". We're evaluating it. || xsoar integration instance test fails, still evaluating
Webhook to Slack :: We're connecting webhooks to Slack and the payload isn't accepted by Slack's incoming webhook. || slack integration doesn't accept your webhook format
API error message unclear :: The API returns 422 with no explanation for some requests. || 422 errors without message body
SAML set-up for pilot :: We're piloting SAML SSO with Azure AD for five people; the test login says "invalid audience". Everyone else still uses passwords. || azure ad saml pilot fails with invalid audience, small test group only
""",
("api_integration", "P4"): """
Webhook payload docs :: Is there documentation of the webhook payload fields? || what fields does the webhook send?
Batch endpoint question :: Can I submit several videos in one API call? || is there a batch api?
IP allowlist for webhooks :: Which IP addresses do your webhooks come from, so we can allowlist them? || need your webhook source ips
Webhook retries policy :: How often do you retry a failed webhook? || webhook retry policy?
Example code request :: Do you have sample code for uploading a file via the API in PowerShell? || any example scripts for the api?
Integration marketplace :: Is your Splunk app on Splunkbase? || where can we download the qradar app
API key per user :: Can each developer have their own API key? || should every dev get a separate token
Postman collection :: Do you have a Postman collection for the API? || postman collection available?
Okta app catalog :: Are you in the Okta integration network catalog? || is there a prebuilt okta app?
""",
("performance", "P1"): """
Every request times out for all users :: Every page and every analysis request times out for all of our users since the morning. Nothing can be done on the platform. || total timeouts for the whole org, the service is unusable
Processing halted everywhere :: Processing is halted for all of our accounts, jobs neither start nor fail, and our entire verification desk is idle. || processing completely halted for our organisation
""",
("performance", "P2"): """
Queue delays for team deadline :: Our team's jobs sit in the queue for 5-6 hours before starting, we have a regulatory deadline today and can't work around it. || team jobs waiting hours in queue, deadline today
Exports timing out :: Bulk exports for the whole team time out after 30 minutes and never finish, and the audit team needs them. || every bulk export times out, audit team blocked
Webhook backlog :: Webhooks for all our jobs are arriving 3-4 hours late, our automated review step is stalled. || webhook delivery lagging hours, automation stalled
Video player freezes for team :: The video review player freezes for every analyst on the team on any video longer than a minute, making review impossible. || player freezing for all reviewers, no reviews possible
API throughput degraded :: Our API throughput dropped from 50 to 2 videos per minute, the nightly pipeline won't finish before business hours. || api processing rate collapsed, pipeline can't finish
""",
("performance", "P3"): """
Slow after upgrade :: Since the last release, opening a result takes about 15 seconds. || results open slowly since last update
Slow on large projects :: Projects with more than 1,000 videos load slowly. || big projects are slow to load
Slow thumbnails :: Thumbnails in the library take ages to appear. || library thumbnails slow
Long analysis for 4K :: 4K videos take more than an hour to analyse, is that expected? Others are fine. || 4k analysis very slow
Slow login :: Logging in takes 20-30 seconds before the dashboard appears, but it works. || slow to get to the dashboard after login
API latency spikes :: We see API latency spikes to 20 seconds a few times a day. || occasional api latency spikes
Report generation slow :: PDF reports take several minutes to generate. || pdf report slow to build
Filter slow :: Applying filters in the results list takes 10 seconds each time. || results filter laggy
Dashboard charts slow :: The charts on the analytics dashboard take long to render. || analytics charts slow
""",
("performance", "P4"): """
Processing time SLA :: Do you guarantee a processing time in your SLA? || is there an sla on analysis speed?
Faster on enterprise :: Is processing faster on Enterprise? || do enterprise customers get priority processing
Best time to submit :: Is there a quieter time of day when batches run faster? || when is the queue least busy
Browser recommendations :: Which browser gives the best performance for the review player? || recommended browser for speed?
Parallel jobs question :: Can we run more analyses in parallel to speed things up? || how many concurrent jobs can we run
""",
}
