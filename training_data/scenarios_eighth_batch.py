"""An eighth round: `general` is everything else, so it needs the widest spread of
situations; more `performance` and `security` wordings too (format: see scenarios_access_upload)."""

CELLS = {
("general", "P4"): """
Results in court :: Has your analysis been accepted as evidence in court before? We're preparing a case. || any precedent for using your reports in court
Difference between products :: What's the difference between the Detection and the Forensics module? || detection vs forensics module, which do we need
Integration with our website idea :: It would be great if we could embed a verification badge on our news site. || feature idea: embeddable verification badge
False positive rate :: What's your false positive rate on compressed social media videos? || how often do genuine videos get flagged
Best practice workflow :: Do you have a recommended review workflow for a team of five analysts? || best practice for organising reviews in a small team
Release notes location :: Where can I read what changed in the latest release? || release notes link please
Naming of projects :: Can I rename a project after creating it? || how to rename a project
Onboarding checklist :: Is there an onboarding checklist for a new team lead? || getting started guide for team leads?
Webinar recording :: Is there a recording of last week's webinar on manipulation types? || where's the webinar recording
Data in reports explanation :: What does "frames analysed: 1,200 of 1,500" in the report mean? || why weren't all frames analysed in the report
Customer reference :: Can you share a customer reference in the insurance sector? || reference customer in banking?
Feedback on colour scheme :: The red used for "likely manipulated" is hard to see for colour-blind colleagues. Just feedback. || colour blind friendly palette please
Request for offline version :: Do you offer an on-premise version for air-gapped networks? || on-prem install available?
Explain heatmap colours :: What do the colours in the heatmap represent? || heatmap colour legend?
""",
("general", "P3"): """
Wrong thumbnail in report :: The report for case 118 shows thumbnails from another video. || report has another video's thumbnails
Annotations misplaced :: My annotations on the frame are shifted to the wrong position after saving. || annotation boxes move after saving
Export missing columns :: The Excel export lost the "reviewer" column since last week. || reviewer column missing from export
Results page error for one case :: Opening the result of one specific case shows "unexpected error"; others are fine. || one result shows unexpected error
Date format wrong in PDF :: The PDF report shows dates in US format although our locale is UK. || pdf dates in wrong format
""",
("general", "P2"): """
Reports generate empty for everyone :: Since yesterday every report we generate is empty, for all of our analysts, and our clients expect their weekly reports today. || all reports come out blank for the whole team, client deadline today
Result verdicts missing team-wide :: The verdict field is blank on every result for our whole team, so we can't make decisions on any case. || no verdicts shown for anyone on the team
""",
("general", "P1"): """
Login works but app errors for everyone :: Every page after login shows "internal server error" for all of our users, the entire product is unusable. || whole app throws server errors for all our users
""",
("performance", "P3"): """
Progress bar slow to update :: The analysis progress bar updates only every few minutes, it seems stuck but finishes. || progress indicator lags behind
Slow API uploads of big files :: Uploading through the API is fine, but getting the result of long videos back takes much longer than last month. || results for long videos take longer than before
Slow first page load :: The first page load in the morning takes almost a minute, later it's fine. || first load of the day is very slow
Long wait in queue at peak :: Around noon my jobs wait 30-40 minutes in the queue before starting. || midday queue wait is long
""",
("performance", "P2"): """
Processing backlog for our org :: We have 600 videos stuck in processing for our organisation for the last 6 hours; the investigators are waiting and we have no other way to analyse them. || huge backlog not moving for hours, investigators blocked
API latency breaks our timeout :: Your API now takes over 60 seconds per call, beyond our gateway's timeout, so our production integration fails for most requests. || api latency above our gateway timeout, prod integration failing
""",
("performance", "P1"): """
Service frozen for our tenant :: Our whole tenant is frozen: pages never load, jobs don't run, API calls hang, for every user since 6am. || everything hangs for all our users since 6am
""",
("security", "P1"): """
Deleted videos by intruder :: Someone logged in with an admin account at 3am and deleted hundreds of our evidence videos. None of our staff did this. || intruder deleted our evidence at night using an admin login
Credentials dumped on paste site :: Our SecureAI usernames and passwords appeared on a paste site and we see successful logins from unknown IPs. || our credentials were leaked online and are being used
""",
("security", "P2"): """
Suspicious forwarding rule :: We found a mail forwarding rule on an admin's mailbox that would catch SecureAI password resets. No resets happened yet. || forwarding rule could capture reset emails, nothing happened yet
Laptop left unlocked at conference :: A colleague left her laptop logged in at a conference for an hour. Nothing suggests anyone touched it, but we'd like to be safe. || laptop unattended and logged in for an hour, precaution
""",
("security", "P3"): """
Records of consent request :: A regulator asks which of our processed videos had consent documented; we must answer by the end of the month and need data from your platform. || regulator request needs our processing data by month end
""",
("security", "P4"): """
Pentest scope question :: If we run a pentest of our own integration, do we need to tell you in advance? || notify you before we pentest our integration?
Privacy policy question :: Do you use our videos to train your models? Our privacy officer asks. || are customer videos used for training
""",
("account_access", "P3"): """
Login loop on one browser :: On my work laptop's Chrome I land back on the login page after signing in, in Firefox it works. || login loop in one browser only
Profile shows wrong email :: My profile shows an old email and I can't log in with the new one my admin set. || login only works with old email
""",
("account_access", "P2"): """
Investigators lost project access :: After the permissions update every investigator in our team lost access to the cases they own; they can sign in but see nothing. || whole investigations team can log in but sees no cases
""",
("upload_issues", "P3"): """
Subtitles file rejected :: My MKV with embedded subtitles is rejected, without subtitles it works. || mkv with subtitles won't upload
Upload from network drive fails :: Uploading directly from our network drive fails, copying to the desktop first works. || uploading from shared drive fails
""",
("api_integration", "P3"): """
Node SDK memory leak :: Our service using the Node SDK grows in memory until it restarts every few hours. || node sdk seems to leak memory
Webhook retries stop early :: Your webhooks stop retrying after two failures, the docs say five. || webhook retries fewer than documented
""",
("billing", "P3"): """
Charged for analysis that failed :: We were charged minutes for 40 analyses that failed on your side. || billed for failed analyses
""",
}
