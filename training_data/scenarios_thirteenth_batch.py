"""A thirteenth round: situations from other kinds of customers (banks, newsrooms,
police, insurers, platforms) in their own words (format: see scenarios_access_upload)."""

CELLS = {
("upload_issues", "P3"): """
Bodycam export won't upload :: Our bodycam software exports a folder with an .mp4 and an .xml; the upload rejects the whole folder. || bodycam export folder refused
Claims video from phone fails :: A claimant's phone video (HEIC stills plus a .mov) fails to upload, the error says format not recognised. || claimant phone video format not recognised
Newsroom clip upload corrupted :: A clip downloaded from a social network fails with "corrupted container" on upload. || social media clip refused as corrupted
""",
("upload_issues", "P2"): """
Evidence intake blocked :: Our evidence intake desk can't upload anything since the morning: every file fails at the last step with "checksum mismatch". The desk has 80 files waiting. || every upload fails at checksum step, intake desk blocked
""",
("account_access", "P3"): """
Officer can't log in after name change :: One of our officers got married and her new email doesn't work for login; her old one was disabled by IT. || officer's new email won't log in
Adjuster locked after holiday :: A claims adjuster came back from holiday and her account is locked for inactivity. || account locked after long absence
""",
("account_access", "P2"): """
Newsroom night desk locked out :: The whole night desk of our newsroom can't log in since 11pm; they get "organisation suspended". Day staff will hit it too. || night desk all get organisation suspended at login
""",
("api_integration", "P3"): """
Platform moderation integration returns 400 for some :: Our content moderation integration gets 400 "invalid media" for some clips that play fine. || some clips get 400 invalid media via api
Bank KYC integration webhook format :: Our KYC system can't parse the new webhook format; we're still in testing before go-live. || new webhook format breaks our kyc parser, still testing
""",
("api_integration", "P2"): """
KYC integration failing for all onboarding :: Every API call from our bank's onboarding flow fails with 403 since your change; staff fall back to uploading selfies by hand, which doesn't scale. || onboarding api calls all 403, manual fallback only
""",
("performance", "P3"): """
Claims review slow this week :: Claims videos take noticeably longer to analyse this week, maybe 30 minutes each instead of 10. || claims analyses slower this week
Newsroom dashboard slow on election night prep :: The newsroom dashboard is slow to load today, 20 seconds a page, but we can work. || newsroom dashboard slow but usable
""",
("performance", "P2"): """
Moderation queue backing up :: Analyses for our moderation queue take hours instead of minutes since this morning; the backlog has reached 5,000 clips and the team is idle. || moderation analyses taking hours, team idle
""",
("billing", "P3"): """
Police budget code on invoice :: Our invoice needs our department's budget code, otherwise finance rejects it. || invoice missing our budget code
Insurer charged for extra minutes :: We were charged for extra minutes in a month where usage was low. || extra minute charges in a quiet month
""",
("billing", "P4"): """
Framework agreement pricing :: Are you on any public sector framework agreement for pricing? || public sector price list?
""",
("security", "P1"): """
Police evidence accessed by outsider :: Our audit log shows an unknown account viewing evidence videos from an ongoing case; nobody authorised it. || unknown account viewed our case evidence
""",
("security", "P2"): """
Bank staff reused password :: We found that an employee reused her SecureAI password on a site that was breached. No suspicious logins in the log. || employee password reused on breached site, no misuse
""",
("security", "P3"): """
Insurer regulator data request :: The insurance regulator asked for a record of all claim videos processed last year by the end of next month. || regulator wants records of processed claim videos
""",
("security", "P4"): """
Bank vendor due diligence :: Our bank's vendor due diligence needs your business continuity and incident response policies. || due diligence pack for a bank
""",
("general", "P4"): """
Newsroom verification training :: Can you train our journalists on verifying viral videos with your tool? || training for journalists on verification
Police use case question :: Can your reports be used in police disciplinary proceedings? || are reports usable in disciplinary cases
Platform moderation ideas :: We moderate user content; do you have guidance on combining your scores with our other signals? || how to combine your score with our moderation signals
""",
("general", "P3"): """
Newsroom export missing captions :: The exported report for our broadcast team no longer includes the frame captions. || captions missing in exported report
""",
}
