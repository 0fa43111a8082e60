"""An eleventh round: short, plain wordings across all categories, as people type them
into a chat box or say them on the phone (format: see scenarios_access_upload)."""

CELLS = {
("account_access", "P3"): """
Forgot username :: I forgot which email I signed up with and can't log in. || don't remember my login email
Reset link goes to old page :: The password reset link opens a page that says "link invalid". || reset link says invalid
Stuck on verify your device :: It keeps asking me to verify my device and the code email never comes. || device verification email never comes
""",
("account_access", "P2"): """
Nobody in support team can sign in :: None of the six people on our customer support team can sign in since the update; they get "access revoked". || our support team all get access revoked at sign in
""",
("account_access", "P4"): """
Guest access question :: Can we give a temporary login to an outside expert for one week? || temporary account for external expert?
""",
("upload_issues", "P3"): """
File over limit by a little :: My file is 512 MB, just over the limit. Is there any way to get it in without re-encoding? || 512mb, slightly too big to upload
Old camera format :: Our old CCTV exports .dav files and they're refused. || cctv dav files not accepted
Upload button does nothing :: When I click upload nothing happens at all, no dialog opens. || clicking upload does nothing
""",
("upload_issues", "P4"): """
Is MOV fine :: Is MOV fine or should I convert to MP4 first? || mov ok or convert?
Upload limit on enterprise :: What's the upload limit if we move to Enterprise? || enterprise max file size?
""",
("api_integration", "P3"): """
Which header for the key :: I'm getting 401 and think I'm sending the key wrong, which header do you expect? || 401, what header should the api key go in
Webhook URL validation fails :: Saving our webhook URL fails with "URL not reachable" but it is reachable from outside. || can't save webhook url, says unreachable
SDK returns wrong types :: The Java SDK returns the score as a string. || java sdk score type wrong
""",
("api_integration", "P4"): """
Can I use the API on Starter :: Is API access included on the Starter plan? || api on starter plan?
Sample webhook payload :: Can you send a sample webhook payload so we can build our parser? || example webhook json please
""",
("performance", "P3"): """
Analysis slower this week :: Analyses are taking about twice as long this week. || analysis twice as slow as usual
Video takes long to open :: Opening a video result takes about 30 seconds. || results slow to open
""",
("billing", "P3"): """
Wrong plan on invoice :: The invoice says Enterprise but we're on Professional. || invoice shows wrong plan
Still charged for cancelled seats :: We removed 5 seats last month and still pay for them. || paying for seats we removed
""",
("billing", "P4"): """
Where to add VAT number :: Where do I enter our VAT number so it appears on invoices? || add vat id to invoices
When is the card charged :: On which day of the month is our card charged? || billing date each month?
""",
("billing", "P2"): """
Team locked by unpaid flag :: The whole team sees "payment required" and can't run anything, but our invoice was paid last week, here's the receipt. || payment required banner blocks the team though we paid
""",
("security", "P2"): """
Shared screen showed API key :: During a webinar a colleague shared his screen with our API key visible to 200 people. No misuse seen yet. || api key shown on a webinar screen share, no misuse yet
""",
("security", "P3"): """
Delete one person's data :: We need all videos of one person deleted under GDPR and confirmation for our records within the month. || gdpr delete one person's videos, confirm this month
""",
("security", "P4"): """
Are you GDPR compliant :: Are you GDPR compliant? Our DPO asks. || gdpr compliance question from our dpo
Where are servers :: In which countries are your servers? || server locations?
""",
("security", "P1"): """
Customer videos public on web :: Videos from our account are showing up on a public website, someone has our data. || our videos are on a public site, data leaked
""",
("general", "P4"): """
Question about report wording :: In the report, what's the difference between "manipulated" and "synthetic"? || manipulated vs synthetic in reports?
Feature: bulk download reports :: Feature request: download all reports of a project at once. || bulk report download would be nice
Thanks for the webinar :: Thanks for yesterday's webinar, very useful for the team. || great webinar, thanks
Demo for our partner :: Can you do a demo for one of our partners next week? || demo for a partner company
""",
("general", "P3"): """
Score missing on one result :: One result shows no score at all, just a dash. || no score on one result
Notes not saving :: The notes field on a result doesn't save my text. || notes on results won't save
""",
}

