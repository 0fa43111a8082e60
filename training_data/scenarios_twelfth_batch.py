"""A twelfth round: the guide's rules that held-out situations showed were under-taught:
timeouts named after the API are performance; password spraying seen without success is
security P2 (format: see scenarios_access_upload)."""

CELLS = {
("performance", "P1"): """
API hangs for API-only customer :: Our service calls your API for every customer check and nobody here uses the web app. Since 6am every request hangs until our 30-second timeout, so nothing gets through for any of our users. || every api request hangs till timeout, api is our only channel, all users down
API latency outage for integration-only user :: We're integration-only; your API now answers in 2-3 minutes per call, our clients' requests all time out, so for us the service is down. || api takes minutes per call, we only use the api, effectively down
""",
("performance", "P2"): """
API timeouts, web app fine :: Most API calls time out after 60 seconds since this morning. The web app works for manual checks, but our automated pipeline is badly backed up. || api calls timing out, ui ok, pipeline backing up
Slow API responses block nightly sync :: API responses take 30-40 seconds each since yesterday, so our nightly sync no longer finishes and the team starts the day without data. || slow api responses, nightly sync doesn't finish
""",
("security", "P2"): """
Credential stuffing attempts :: We see thousands of login attempts with leaked password lists against our users' accounts. None got in as far as we can tell, but we want rate limiting and a review. || credential stuffing on our logins, no successful ones
Many failed logins from abroad :: Our admins got alerts of many failed sign-in attempts from abroad on several accounts overnight. No successful logins, nothing changed. || lots of failed logins from abroad overnight, none succeeded
""",
}
