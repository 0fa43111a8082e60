"""A nineteenth round, steered only by the 4-fold cross-validation grouped by situation over
the training situations (never by test errors): new situations for the cells it found weakest
(general P1, performance P4, account_access/security/api P4 questions, security P1 vs P2,
general P3) and for the thin P1 cells of upload, API and general.
Candidates whose names matched an existing situation were dropped as rephrasings. Format: see
scenarios_access_upload."""

CELLS = {
("general", "P1"): """
Every page blank after sign-in :: Every one of us signs in fine and then gets a blank white screen on every page of SecureAI. The whole organisation has been unable to use the product since 7am. || login ok, then white page everywhere, for every user in the company, nothing usable
Verdicts wrong for everyone after release :: Since your release last night every video we analyse comes back as "manipulated", even our known-genuine reference clips. All our teams rely on the verdicts, so the service is unusable for the whole company. || all results say fake since the update, even genuine test videos, the entire org can't trust or use anything
Workspace data gone for the organisation :: When anyone in our company opens SecureAI the workspace is empty: no cases, no results, no history, for all {n} users. We cannot do any work at all. || our whole tenant looks wiped, every user sees an empty workspace, we are dead in the water
Region unavailable for all our users :: The EU instance we are hosted on returns "service unavailable" for all of our people, in every office. The status page says nothing. || eu region down for all of us, every office, every user, 503 everywhere
""",
("general", "P2"): """
Case search broken for team :: Search in the cases view returns nothing for anyone on our investigations team since Monday, so they can't find the cases they're working on. No workaround. || case search returns zero results for the whole investigations team, they can't find their work
Audit PDF stamps missing for team :: The signed PDF certificates our legal team needs for court come out without the signature block since yesterday, for everyone, so they can't file anything. || certificates lost the signature block for the whole legal team, can't file in court
""",
("general", "P3"): """
Comment notification missing :: I don't get an email when a colleague comments on my case, other notifications arrive. || no email for comments, other notifications fine
Report logo outdated :: Our new company logo doesn't appear on generated reports, it still shows the old one. || old logo still on our reports
""",
("upload_issues", "P1"): """
Uploads rejected as too large for everything :: Since this morning every upload in our organisation, even a 5 MB clip, is refused with "file exceeds limit". Nobody here can get a single video in, and uploading is all we use SecureAI for. || every file, even tiny ones, says exceeds limit, whole org can't upload anything
Mobile and web upload both dead :: Neither the web uploader nor the mobile app can upload for any of our {n} field officers; every upload fails at the start. We have no way to get evidence into the product at all. || all our users, web and app, every upload fails at 0, no way to get videos in
Upload finishes but nothing appears, whole org :: For everyone in our company, uploads reach 100% and then the video never shows up anywhere. Not one video has arrived today, the product is useless to us. || uploads complete then disappear for all users, nothing arrived all day
Virus scan blocks all uploads :: Your virus scanning step flags every video our organisation uploads as infected and deletes it, including files we uploaded fine last week. Our whole intake is stopped. || every upload gets flagged as virus and deleted, entire org, nothing gets in
""",
("upload_issues", "P3"): """
Upload resumes from zero :: When my Wi-Fi drops for a second, the upload restarts from zero instead of resuming. My colleagues on cable are fine. || upload restarts from 0 after a network blip
Wrong thumbnail after upload :: My uploaded MOV shows a black thumbnail and the analysis won't start for that one file. || one mov has black thumbnail, analysis won't start
Upload from shared drive fails :: Picking a file directly from our Google Drive in the uploader fails with "access denied", downloading it first and uploading works. || google drive picker upload access denied
""",
("upload_issues", "P4"): """
Frame rate support :: Do you accept 120 fps slow-motion video, or should we convert it first? || is 120fps supported
Maximum duration :: Is there a limit on video length for uploads, apart from the 500 MB size? || max video length?
""",
("api_integration", "P1"): """
Certificate change broke our API-only service :: Your TLS certificate rotation last night broke certificate pinning in our app. Every API call now fails, and our customers only reach SecureAI through our app, so for us the service is completely down. || cert rotation broke pinning, all api calls fail, we only use the api, fully down
API returns HTML for every call, API-only :: Every call to {endpoint} now returns an HTML maintenance page instead of JSON. We don't use the web app at all, our platform calls the API, so everything is down for all our users. || all api calls return html instead of json, api only shop, total outage
Organisation key quota zero, API-only :: Our integration is our only way of using SecureAI and since midnight every request gets {code} "organisation disabled". None of our users can get any analysis done. || every request says org disabled, we only use the api, nothing works for anyone
Async callbacks never sent, API-only :: We submit through the API only and rely on callbacks, and since your maintenance no callback has arrived for any job for any of our clients. Our whole product is stalled. || no callbacks at all since maintenance, api-only, our entire service stalled
""",
("api_integration", "P4"): """
API versioning policy :: How long will v1 of the API stay supported after v2 is out? || v1 deprecation timeline
Webhook retry policy :: How many times do you retry a webhook that gets a 500 from our side? || webhook retries how many
Pagination limits :: What's the maximum page size on the results endpoint? || max page size results endpoint
""",
("performance", "P2"): """
Report generation takes hours for team :: Generating a case report now takes two to three hours instead of a minute for our whole legal team, so they can't deliver to court today. || reports take hours for the legal team, deadline missed
""",
("performance", "P4"): """
Throughput by plan :: Does the Enterprise plan process videos faster than Professional? || is enterprise faster
Performance benchmark request :: Do you publish latency figures for the API, like a p95? || api latency figures published?
""",
("account_access", "P4"): """
Passkeys support :: Do you support passkeys instead of passwords? || passkeys?
Guest access :: Can we give an outside lawyer read-only access to one case? || read only guest access for one case
""",
("account_access", "P3"): """
Stuck on MFA enrolment :: The QR code for setting up MFA never loads for me, so I can't finish enrolment. Others enrolled fine. || mfa qr code won't load for me
Renamed user can't sign in :: After HR changed my surname, my SSO login fails, my colleagues are fine. || sso fails after surname change
""",
}

# Second half of the round: situations for the same weak cells, checked against the
# existing situation names so they are new problems, not new wordings.
_MORE = {
("general", "P1"): """
Custom domain stopped resolving :: Our branded address secureai.ourbank.com stopped working after your change last night, and it is the only address our staff are allowed to use. Every user gets "site can't be reached", so the product is unavailable to the whole bank. || our custom domain for secureai is dead since your change, all staff must use it, nobody can reach the product
Stuck in read-only mode org-wide :: After your migration the whole organisation is in read-only mode: nobody can create a case, run an analysis or edit anything, for every user. We are completely stopped. || everything read only for all users since the migration, can't create or run anything, whole company stopped
Browser not supported for everyone :: Since this morning every user of ours gets "your browser is not supported" on Chrome, Edge and Firefox alike, up to date. Nobody in the company can open the app. || every browser we have shows not supported, up to date chrome edge firefox, whole org locked out of the app
Desktop app crashes on start for all :: The SecureAI desktop app auto-updated overnight and now crashes on launch on every machine in our company. The web version is blocked by our policy, so we have nothing. || after auto update the desktop app crashes at launch on every pc, all users, no web access allowed for us
""",
("security", "P1"): """
Extortion email quoting our cases :: We received an extortion email that quotes details and screenshots from our private cases in SecureAI and demands payment. Someone clearly has our data. || blackmail email with screenshots of our private secureai cases, data is out
MFA removed from admins by unknown person :: Someone we can't identify switched off MFA on all our admin accounts an hour ago and changed the allowed IP list. We didn't do it. || mfa turned off on every admin and ip allowlist changed, not by us, happening now
Holiday employee downloading everything :: An analyst who is on holiday is, according to the audit log, downloading all our case files right now at 3am from a device we don't know. || account of a colleague on leave is bulk downloading our cases at 3am from unknown device
""",
("security", "P2"): """
Fake invoice email in your name :: Our finance team got an email that looks like a SecureAI invoice with a link to "update bank details". Nobody clicked it and we've blocked the sender. || fake secureai invoice email to finance, nobody clicked, sender blocked
Internal share of old export :: We found an old export of our analysis results on a shared drive that the whole company can read. It's internal only and we see no access from outside, but it shouldn't be there. || old results export on a company wide share, internal only, no outside access seen
Vendor of ours was breached :: Our IT outsourcer, who has an admin login to our SecureAI account, just announced a breach. We see nothing odd in our account yet but want to rotate everything. || our it provider with admin access to secureai got breached, nothing odd yet, want to rotate
""",
("security", "P4"): """
Model training on our videos :: Do you train your detection models on the videos we upload? Our privacy team wants to know. || do you use our videos to train your ai
Staff access to customer videos :: Can your support engineers see our videos, and how is that access controlled and logged? || can your staff view our uploads
Disaster recovery plan :: For our vendor file we need your business continuity and disaster recovery summary. || bcp dr document for vendor review
Background checks on staff :: Our questionnaire asks whether your employees are background-checked. Are they? || are your employees screened
""",
("performance", "P4"): """
Dashboard with huge history :: We'll have about 100,000 results by next year. Will the dashboard stay fast with that many, or should we archive? || will dashboard slow down with 100k results
Does video length scale linearly :: If a 5-minute video takes 2 minutes, will a 50-minute one take 20? Just planning. || does analysis time grow linearly with length
Why the progress bar jumps :: The progress bar sits at 90% for a long time and then finishes, is that normal? Results are fine. || progress bar waits at 90 percent, normal?
Faster region for Asia :: Our team in Singapore finds pages a bit slower than Europe. Is there an Asian region we could use? Nothing is broken. || is there an asia region for speed
""",
("account_access", "P4"): """
Passwordless sign-in links :: Can our users sign in with an e-mail magic link instead of a password? || magic link login possible
Login history for a user :: As an admin, where can I see when a user last signed in? || where to see last login of a user
Two organisations one email :: Can I use the same e-mail address for two separate organisations? || one email in two orgs
""",
("performance", "P1"): """
Analysis capacity zero after incident :: Since your incident this morning our whole organisation's jobs start but crawl so slowly that none finish within the day, for every user. Effectively nothing works. || every job for our org crawls and none finish today, whole company
""",
("api_integration", "P1"): """
API host moved without notice, API-only :: Our whole service calls your API from a locked-down network, and since your host moved to new IP addresses every call is blocked by our firewall. We only use SecureAI through the API, so all our users are down. || new api ip addresses blocked by our firewall, every call fails, api is our only way in, total outage
""",
("upload_issues", "P1"): """
Chunked upload protocol changed :: After your release the chunked upload endpoint rejects every chunk with "invalid offset" for our whole organisation, in the web app and the API. Not one video can be uploaded, and that's all we do. || every upload fails on the chunks after the release, web and api, whole org can't get any video in
""",
("general", "P3"): """
Case tags disappear :: Tags I add to a case vanish after a page reload, only on my cases. I can work without them. || tags on my cases don't stick
""",
}
for _cell, _block in _MORE.items():
    CELLS[_cell] = CELLS.get(_cell, "").rstrip() + "\n" + _block.strip() + "\n"
