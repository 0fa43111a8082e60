"""A fourteenth round: the words of slowness (sluggish, laggy, choppy, load time,
refresh, cache), of developer tooling, of refunds and of vulnerability reports
(format: see scenarios_access_upload)."""

CELLS = {
("performance", "P3"): """
Choppy playback in review :: Playback in the review player is choppy and laggy on longer clips; short ones are fine. || player laggy and choppy on long clips
Sluggish scrolling in library :: Scrolling the video library is sluggish since we passed 5,000 videos. || library scrolling sluggish with many videos
Charts refresh slowly :: The dashboard charts take a long time to refresh after I change the date range. || charts slow to refresh after changing dates
Load time of case page :: The case overview page has a load time of about 25 seconds now; it used to be instant. || case page load time 25 seconds
Thumbnails generate slowly :: Thumbnails for new videos take 10 minutes to appear after analysis. || thumbnails appear late after analysis
Report rendering sluggish :: Rendering a report with many frames is sluggish and the browser fan spins up. || big reports render sluggishly
""",
("performance", "P4"): """
Cache refresh interval :: How often is cached data on the dashboard refreshed, and can we force a refresh? || can we force the dashboard to reload fresh data
Expected load time :: What page load times should we expect with 50,000 videos in our library? || how fast should the app be with a big library
Capacity for big rollout :: Before we roll out to 500 users, will the platform's speed hold up? || will it stay fast with 500 of our users
""",
("performance", "P2"): """
Review player unusable for moderators :: The review player buffers for minutes on every clip for all our moderators since the morning, so moderation has ground to a halt. || player buffering for minutes for every moderator, moderation halted
""",
("api_integration", "P2"): """
CORS blocks our dashboard integration :: Our internal dashboard that calls your API from the browser is blocked by CORS since yesterday for all our analysts; they must use your web app instead, which breaks their workflow. || cors blocks our internal tool for all analysts, only your web app works
Webhook deliveries halted :: Since your maintenance no webhook deliveries reach us at all, our case system stopped receiving results. We can still look them up manually. || webhook deliveries halted since maintenance, case system gets nothing
""",
("api_integration", "P3"): """
Postman collection outdated :: Your Postman collection still uses the old auth header and every request in it gets 401. || postman collection requests return 401
Scope error on token :: Our token gets "insufficient_scope" when listing webhooks. || insufficient scope error when listing webhooks
Webhook events out of order :: We sometimes receive "completed" before "started" webhooks for a job. || webhook events arrive out of order
""",
("api_integration", "P4"): """
Token scopes explained :: Which scopes does a token need to only read results? || minimal token scope for reading results
Developer portal question :: Is there a developer portal where we can test calls interactively? || api playground available?
""",
("billing", "P3"): """
Refund promised but missing :: Your billing team promised a refund of {amount} last month and it hasn't appeared on our card. || refund promised last month not on our card
Credit note needed :: We need a credit note for the overcharge on our last invoice. || please issue a credit note for the overcharge
""",
("billing", "P4"): """
Refund policy question :: What's your refund policy if we cancel an annual plan early? || refunds for early cancellation?
""",
("security", "P2"): """
Outdated library reported :: A scan of your web app shows an outdated library with a known vulnerability (CVE). We haven't seen it exploited, but please check. || scan found vulnerable library on your site
Researcher report about API :: A researcher on our team noticed the API returns other tenants' job IDs in an error message. No data beyond IDs. || api error leaks other tenants' job ids
""",
("security", "P4"): """
Responsible disclosure policy :: Where is your responsible disclosure policy? || how do we report a vulnerability to you
""",
("general", "P1"): """
Whole service returns errors :: Every request to SecureAI from any of our users returns an error page since this morning. We can't use the product at all. || nothing works for any of our users, error page everywhere
""",
("general", "P4"): """
Partner in another country :: Do you have a partner in Brazil for Portuguese-language support? || local partner for brazil
Newsletter signup :: How do I subscribe to your product newsletter? || product update newsletter?
""",
("account_access", "P4"): """
Invite limit question :: Is there a limit to how many people I can invite at once? || max invites at a time?
Email case at login :: Does it matter if I type my email with capital letters at login? || login email capital letters matter?
""",
}
