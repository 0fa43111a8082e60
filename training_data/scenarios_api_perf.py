"""Hand-written situations for api_integration and performance (format: see scenarios_access_upload)."""

CELLS = {
("api_integration", "P1"): """
API-only customer, every call fails :: We only use SecureAI through the API, our own screening tool calls it and nobody uses the web app. Since 6am every call returns {code}, so our service is completely down for all our users. || Our platform is built on your API, there is no web app usage at all on our side. All requests fail with {code} and our customers can't verify anything. || we are api only, every request to {endpoint} fails, our whole product is down because of it
API-only integration down :: Our moderation pipeline is the only way we use you and every API call has been failing with 503 Service Unavailable for an hour. For us that's a full outage, there's no UI fallback because nobody here uses the dashboard. || all api calls fail with 503, we have no human users on the web app, everything goes through our integration so this is a total outage
Tokens all revoked, API-only :: All our API tokens were suddenly revoked and every call is now 401. We're API-only, so our entire verification service for customers has stopped. || every key we have returns unauthorized since midnight, our product runs only on the API, we are down
SDK breaking change, API-only :: After your SDK release every call from our backend throws an exception. We have no web users, the API is our only channel, so all our clients are affected. || new sdk version breaks every request from our server and the api is all we use, full stop for our users
""",
("api_integration", "P2"): """
All API calls 401 / Every request unauthorized :: Every call to {endpoint} returns 401 since this morning, even with a freshly generated token. Our team can still use the web app but the automated pipeline is stopped. || All our API requests are rejected with 401 Unauthorized. Manual uploads through the UI work, the integration doesn't. || api returns 401 for every call with new and old keys, only the website works
Production integration stopped / Splunk connector broken :: Our production Splunk integration stopped sending anything since your update and we have no workaround for the SOC alerts. || The {siem} connector fails with an authentication error on every run, our production alerting on deepfakes is dead.
Webhooks stopped entirely :: No webhooks have been delivered since yesterday 3pm, for any event. Our case management relies on them and is stuck. || webhook deliveries stopped completely, zero callbacks since yesterday, our workflow is blocked
Rate limited all day / 429 on every call :: We're getting 429 Too Many Requests on every call even at 1 request per minute, far below our quota. The whole batch integration is blocked. || constant 429s since your change, we send almost nothing, integration unusable
403 on analyze endpoint for all keys :: All our keys get 403 Forbidden on {endpoint} while other endpoints work. That's the endpoint our nightly pipeline depends on. || 403 on the analyze call for every key we own, other calls ok. pipeline blocked
SOAR playbook failing / Phantom integration broken :: Our {siem} playbook fails at the SecureAI action on every incident since you changed the response format. The SOC team falls back to manual work and can't keep up. || every playbook run errors at your step, the schema changed, production automation down
API returns 500 for every call :: Every POST to {endpoint} returns 500 Internal Server Error. The dashboard works, but our integration is down. || 500 on every api request since 2 hours, ui ok
""",
("api_integration", "P3"): """
One webhook missing :: We didn't receive the webhook for one analysis ({ticket}) although it shows completed in the dashboard. Others arrived. || one webhook never came for a finished job, the rest are fine
Token expired question / New key not working :: I generated a new API key but it returns 401, the old one still works. Am I missing a scope? || my new token gives 403 on {endpoint}, old key fine, what permission do i need
Intermittent 429 :: We get occasional 429 responses during our morning peak. Retrying works but I want to understand our limit. || sometimes we hit rate limit around 9am, retries go through
SDK installation error :: pip install of your Python SDK fails on Python 3.12 with a build error. We can call the REST API directly in the meantime. || the node sdk throws a type error on import, using plain http calls as a workaround
Okta SAML setup / Configure SSO pilot :: We're setting up SAML with Okta for a pilot group, nobody depends on it yet. The metadata upload gives an error about the certificate. || configuring okta sso for a test group, the acs url you list gives a 404. nobody is blocked, we're still piloting
Active Directory configuration :: We're configuring Azure AD as identity provider and don't know which claim to map for the user role. Set-up only, users log in normally with passwords. || setting up active directory integration, which attributes do we need to send? still in testing
SIEM connector setup :: Setting up the {siem} connector, the test event never shows up in our index. We haven't gone live yet. || need help configuring the {siem} app, the connection test fails with a TLS error
Response field missing :: The response for one video is missing the "confidence" field, it's there for others. Breaks our parser occasionally. || some api responses lack the score field, maybe 1 in 50
Webhook signature fails :: Webhook signature verification fails for some events, we think the secret rotation didn't apply everywhere. || the hmac signature on your webhooks doesn't match for certain events
Pagination bug :: The list endpoint returns the same items on page 2 and 3. We can work around it by filtering by date. || GET {endpoint} pagination repeats results, workaround exists
Wrong error code :: Uploading via the API a file that's too big returns 500 instead of a 413, so our client retries pointlessly. || api gives 500 for oversized file, expected 413
Callback URL update :: We changed our webhook endpoint URL in the settings but events still go to the old URL. || webhooks still being sent to our old callback address after updating it
""",
("api_integration", "P4"): """
Webhooks versus polling :: Should we use webhooks or poll the results endpoint? What do you recommend for about 500 videos a day? || is polling {endpoint} ok or should we switch to webhooks?
Rate limit question :: What are the API rate limits on the Professional plan? || how many requests per minute does the api allow?
Token rotation how-to :: How do we rotate API keys without downtime? Can two keys be valid at once? || best practice for rotating tokens?
SDK languages :: Do you have an SDK for Go or Java, or only Python and Node? || is there a c# client library?
API docs typo / Docs example wrong :: The curl example on the API reference for {endpoint} has a missing quote, just FYI. || small mistake in the api docs: the sample json has a trailing comma
Which SIEM integrations :: Do you integrate with {siem}? We're evaluating connectors. || which soar tools do you support out of the box?
API versioning :: When will v1 of the API be retired and what changes in v2? || is the v1 endpoint deprecated?
Sandbox environment :: Is there a sandbox or test API key we can use without being billed? || do you offer a test environment for developers
OpenAPI spec :: Where can I download the OpenAPI specification? || is there a swagger file for the api
SAML attributes question :: Which SAML attributes do you support if we set up Okta later this year? Just planning. || question: does your sso support scim provisioning with okta?
""",
("performance", "P1"): """
All analyses stuck for everyone :: No analysis has finished for anyone in our organisation for three hours, everything sits in "processing". The product is effectively down for us. || Every job for every user is stuck at processing since 7am. Nothing completes, whole org affected. || all analyses for all our users hang forever, nothing finishes at all
Platform unusably slow for all :: The whole app takes minutes to load any page for all of our users, nothing is usable. Our fraud desk is completely stopped. || every page takes 3+ minutes for everyone here, the platform is unusable company-wide
API timeouts for API-only customer :: We only use the API and every call now times out after 60 seconds. No requests succeed, so all our end users are down. || all api calls time out for us, we are api only, nothing gets through
Queue frozen org-wide :: Our entire queue is frozen: 2,000 videos waiting, zero processed in four hours, for the whole company. || nothing moves in the processing queue for any of our teams, total standstill
""",
("performance", "P2"): """
Batch jobs queued for hours :: Our nightly batch of 800 videos has been queued for 9 hours and hasn't started. The morning reviews depend on it. || batch job stuck in queue since last night, the team is waiting on results and has nothing to work on
Analysis throughput collapsed :: Throughput has collapsed: what normally takes 10 minutes for our batch now takes 4 hours. Our review team is blocked all day. || processing is 20x slower than normal for our batches, the team can't meet today's deadline
Reports timing out for team :: The reports page times out for everyone on our team, we can't pull the weekly results the board needs today. || report generation times out every time for all of us, no workaround
API responses very slow :: API responses have gone from 2 seconds to 90 seconds for every call, our production pipeline is backing up badly. || your api is extremely slow since yesterday, each call takes over a minute, the integration can't keep up
SIEM events hours late :: Events from SecureAI arrive in {siem} 5 hours late, so our SOC sees deepfake alerts long after the fact. || webhooks arriving hours late, our incident response is essentially blind
Dashboard unusable for team :: The dashboard takes over two minutes to load for our whole analyst team, we basically can't work with it. || the main dashboard is so slow for the team that we gave up using it today
""",
("performance", "P3"): """
Slow analysis :: Analysis of a 5 minute video takes 40 minutes, it used to take 5. It finishes eventually. || one of my analyses is taking much longer than usual, still running after an hour
Dashboard loads slowly :: The dashboard takes around 20 seconds to load in the morning. It works, just slow. || dashboard page loading is slow for me lately
Report page slow :: Exporting a report with many videos takes several minutes. Annoying but it works. || the reports page is sluggish when I filter by date
API slower than usual :: API response times are around 8 seconds instead of 2 for some calls. Not blocking, but our users notice. || api a bit slower than usual this week, p95 is up
Webhook delays :: Some webhooks arrive 15-20 minutes after the analysis finished. Used to be instant. || webhooks a bit delayed recently, couple of minutes to quarter hour
Occasional timeouts :: Sometimes the results page times out and I have to reload, then it works. || getting a timeout now and then on the video detail page
Search slow :: Searching my library takes ages when I have many videos. || search in the video list is very slow, 30 secs
Single job stuck :: One analysis ({ticket}) has been queued for 3 hours while others finished. || one job stuck in queue, the rest processed
Slow in one region :: Our colleagues in Singapore see much slower page loads than our London office. || the app is slow from our asia office only
Heatmap rendering slow :: The frame heatmap takes a long time to render on long videos, the browser almost freezes. || result view laggy for long videos
""",
("performance", "P4"): """
Expected processing time :: How long should an analysis of a 10 minute 1080p video normally take? || what's the typical processing time per minute of video?
Speed up batches :: Is there a way to speed up batch processing, like priority queue on Enterprise? || can we get faster processing if we pay more? just asking about options
Performance best practices :: Any tips to make the dashboard faster with a lot of videos? || does reducing resolution make analysis faster?
Status page question :: Do you have a status page that shows current processing times? || where can i see if processing is slower than normal
Throughput limits question :: How many videos can run in parallel on our plan? || is there a concurrency limit for analyses?
Spinner cosmetic :: The loading spinner on the analysis page keeps spinning even after results show. Cosmetic. || loading indicator on the queue screen doesn't disappear, doesn't affect anything
""",
}
