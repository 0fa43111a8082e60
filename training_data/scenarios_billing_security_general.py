"""Hand-written situations for billing, security and general (format: see scenarios_access_upload)."""

CELLS = {
("billing", "P2"): """
Upgrade paid but not applied :: We paid for the upgrade to Enterprise yesterday but the account still has Professional limits, so the team can't upload the large files we bought the upgrade for. || Upgrade invoice is paid, plan still shows the old tier and our team is stuck at the old limits. || paid for enterprise, still on professional, team blocked by the old limits
Quota exceeded blocks work / Overage cap :: We hit the monthly quota and the overage cap now refuses every new analysis. The whole team is stopped until you raise it. || Usage limit reached and new jobs are rejected, we need the overage enabled today, everybody's work is on hold. || quota used up, system refuses all new analyses for our team
Card won't save before renewal :: Our card won't save on the payment page and the renewal is tomorrow. If it lapses the team loses access. || the payment method form keeps failing and our subscription renews in 2 days, we can't risk the account being suspended
Account suspended for non-payment by mistake :: Our account was suspended for an unpaid invoice that we paid two weeks ago, here's the remittance. Nobody on our team can run analyses. || you suspended us for non payment but the invoice was paid, the whole team is blocked
Added seats not applied :: We bought 20 extra seats this morning, the invoice is paid, but the seats aren't showing so the new team can't be added. || purchased additional seats, payment went through but the seat count didn't change, new hires waiting
Trial ended, purchase not recognised :: Our trial ended and we purchased the annual plan, but the account is still locked to "trial expired" for the whole team. || we bought the plan but still get trial expired for everyone
""",
("billing", "P3"): """
Wrong invoice amount :: Our invoice for {month} shows {amount} but our contract says a lower amount. Please correct it. || The invoice amount is wrong, we were billed for 50 seats and we have 30.
Charged twice / Double charge :: We were charged twice for this month's subscription, two identical card payments of {amount}. || double charge on our card this month, need one refunded
Refund request :: We downgraded mid-cycle and expected a prorated refund that hasn't arrived. || requesting a refund for the unused months after we cancelled
Tax / VAT wrong :: Our invoice charges VAT even though we gave our EU VAT number. Can you reissue it without VAT? || sales tax added to the invoice but we're tax exempt, certificate attached
Overage charge disputed :: We were charged an overage of {amount} but our usage dashboard shows we stayed under the quota. || overage fee on the invoice doesn't match the usage we see
Payment failed :: Our last payment failed and we got a warning email. The card is valid. Nothing is blocked yet. || the card payment got declined, please retry or tell us what's wrong
Invoice sent to wrong person :: Invoices go to our former finance manager, please change the billing contact to {email}. || billing emails go to an old address, need to update
Downgrade not reflected :: We downgraded to Starter last month but were still billed for Professional. || still charged for the old plan after downgrading
Purchase order number missing :: Our invoice is missing the PO number, so our accounts payable can't pay it. || please reissue invoice with our purchase order reference
Currency wrong :: We were invoiced in USD but our contract is in EUR. || bill came in dollars, should be euros
""",
("billing", "P4"): """
Invoice copy :: Where can I download past invoices? || can you send me a copy of the {month} invoice?
Plan comparison for upgrade :: What's the difference in price between Professional and Enterprise for our 25 users, we're thinking of upgrading next quarter. || if we upgrade mid-month, how is it prorated?
Payment methods question :: Do you accept bank transfer or only cards? || can we pay annually by invoice instead of card?
Change billing address :: How do I change the billing address shown on invoices? || need to update the company address on our invoices for next time
Usage quota question :: How can I see how much of our monthly quota we have used? || where do i check remaining analysis minutes?
Cancel at end of term :: If we cancel, does it stop at the end of the billing period? Not cancelling yet, just asking. || what's your cancellation policy for annual plans?
Tax documents :: Can you send your W-9 / tax ID for our vendor setup? || we need your company's VAT number for our records
Billing page cosmetic :: The invoice PDF has our company name cut off at the top. Cosmetic, the amounts are fine. || the billing page shows the date in US format, would prefer ISO, minor
Discount for nonprofits :: Do you have a discount for nonprofit or academic customers on our current subscription? || is there education pricing for our renewal?
""",
("security", "P1"): """
Suspected breach / Unauthorised access :: We see logins to our organisation from an IP in a country where we have no staff, and someone downloaded our case videos. We believe our account has been breached. || Someone accessed our account last night and exported all our analysis reports. We didn't do it. || unknown user in our org downloading evidence files, we think we've been breached
Leaked API key in active use :: Our API key was accidentally pushed to a public GitHub repo and we see calls from unknown IPs using it right now. || A leaked token of ours is being used by someone else, the usage log shows hundreds of calls we didn't make.
Data exposed publicly :: Our shared report links are publicly accessible without login, anyone with the URL can see customer videos. Data is exposed right now. || confidential videos from our account are reachable by a public link, no auth needed
Admin account hijacked :: Our admin account's email and MFA were changed by someone who isn't us, and they're removing our users. || someone took over our admin account and is deleting users
Other customer's data visible :: When I opened my dashboard I saw another company's videos and reports. That's a data leak on your side. || i can see another customer's files in our workspace, this is a data exposure
Attacker using our account :: Our SOC confirmed an attacker is using one of our analyst accounts to access evidence. We need it locked and logs now. || confirmed compromise of an analyst login, attacker active in the platform
""",
("security", "P2"): """
Lost laptop :: An analyst lost a laptop with an active SecureAI session on the train. No sign of misuse yet, but we want sessions revoked. || laptop stolen from an employee's car, she was logged in, no suspicious activity seen so far
Key leaked but unused :: We found our API key in a screenshot posted on a forum. The logs show no calls from unknown sources, but we want to rotate it safely. || an api key got pasted into a public slack channel, doesn't look used, want to revoke
Password spraying seen :: Our logs show password spraying attempts against our users' SecureAI logins from many IPs. None succeeded as far as we can see. || lots of failed login attempts on our accounts from random ips, looks like spraying, no successful logins
Ransomware on our network :: We have a ransomware incident in our own network. Nothing points to SecureAI, but we want to make sure our account and tokens are safe. || ransomware hit our company network, precautionary: what should we do with our secureai credentials?
Phishing in your name :: Our staff received phishing emails pretending to be SecureAI asking them to "re-verify their account". Some people may have clicked. || phishing mails using your logo are going around our company, asking for login details
Vulnerability report :: I'm a security researcher and found a stored XSS in the report comments field. Happy to share details privately. || found a possible IDOR in your api letting me read another account's job status, responsible disclosure
Former employee still has access :: A contractor we let go still had an active session this week. No evidence they accessed anything, but we need to check. || ex-employee's account was active after they left, want to confirm nothing was taken
Suspicious OAuth app :: We noticed an unknown integration authorised on our account. It hasn't made calls yet as far as we can tell. || there's an api client in our settings nobody recognises, no activity in logs
""",
("security", "P3"): """
GDPR deletion request :: A data subject asked us to delete all videos showing them. We need confirmation of deletion from SecureAI within 30 days. || GDPR erasure request: please delete all data linked to {email} and confirm, deadline end of month
Audit trail export :: Our auditors need the audit log of all user actions for the last 90 days by Friday. || we need an export of the audit trail for an internal investigation, due next week
CCPA data access request :: We received a CCPA request for all personal data you hold about one of our users, we have 45 days. || ccpa request from a california user, need their data export from you
Data retention confirmation :: We need written confirmation that videos deleted in March were purged from backups, for a regulator deadline. || regulator asks proof that deleted data is gone from backups, needed by the 15th
Access log for one user :: Please send the login history for {email} for the last month; we're reviewing a policy breach internally. || need the access log of one of our users for HR investigation
DSAR subject access :: A former employee filed a subject access request and we need all data about him from your platform within the deadline. || data subject access request, please export everything for this person
""",
("security", "P4"): """
SOC 2 report :: Can you send us your latest SOC 2 Type II report? Our vendor review needs it. || URGENT need your soc2 report for procurement
Security questionnaire :: Our procurement team needs a security questionnaire filled in before we renew. || please complete the attached vendor security questionnaire
Pen test results :: Do you have a recent penetration test summary you can share under NDA? || can we get your latest pentest letter
ISO certification :: Are you ISO 27001 certified? Please send the certificate. || do you have iso 27001 or similar?
DPA copy :: We need a signed Data Processing Agreement for GDPR. || please send your dpa for signature
Encryption question :: Is customer data encrypted at rest and in transit, and where are your data centres? || where is our data stored, eu or us?
Subprocessors list :: Where can we find your list of subprocessors? || need your subprocessor list for compliance
Compliance evidence :: Our compliance team needs evidence of your business continuity plan for our audit file. || need your bcp and dr documentation for an audit, no rush
""",
("general", "P1"): """
Whole platform down :: Your entire website is down for us, every page returns 502 Bad Gateway and none of our users can do anything. || The whole SecureAI app won't load for anyone in our company, just an error page. Complete outage. || site is completely down, 503 everywhere, nobody here can use it
Every analysis fails for whole org :: Every analysis for every user in our organisation fails with "internal error", nothing produces a result. || all analyses error out for the whole company since this morning, total outage for us
""",
("general", "P2"): """
Results page broken for team :: The results page is blank for our whole review team, we can't see any verdicts, so no reviews can be signed off. || none of the team can open analysis results, the page is empty, work is stuck
Scheduled reports not delivered :: None of our scheduled daily reports were delivered this week, and the whole compliance team works from them. No other way to get the data. || the automated reports stopped for everyone and our team relies on them daily
Export broken for team :: The PDF export of results fails for all of us and we must deliver the reports to the court today. || report export fails for the entire team, we can't deliver to our client
""",
("general", "P3"): """
Result seems wrong / False positive :: A video we know is authentic was flagged as 92% likely deepfake. Can someone check the analysis? || one of our genuine videos was marked fake, please review the result
Dashboard numbers wrong :: The dashboard widget shows 120 analyses this month but our export lists 97. Which is right? || the stats on the home page don't match the report
Report missing data :: The monthly report is missing the videos from last Tuesday. || some analyses not showing in the weekly report
Email notifications not arriving :: I don't get the "analysis complete" emails anymore, colleagues do. || stopped receiving notification emails for finished jobs
Comments disappeared :: The comments I added on a result yesterday are gone. || my notes on a video vanished
Confidence changed on re-run :: Re-running the same video gave 65% instead of 81%. Why does it differ? || same file analysed twice gives different scores
Export CSV malformed :: The CSV export has broken columns when a title contains a comma. || csv export columns shift when there are commas
Timezone wrong in results :: All timestamps in my results are shown in UTC although my profile says Berlin. || times on reports are in the wrong timezone
""",
("general", "P4"): """
Interpret confidence score :: What does a confidence score of 0.73 actually mean? Should we treat it as fake? || how should we read the manipulation score, is 60% high?
Feature request :: It would be great to have a dark mode for the analysis view. || feature request: let us tag videos with custom labels
Feedback :: Just wanted to say the new result view is much clearer, great job. || some feedback: the onboarding tour was really helpful
Documentation typo :: There's a typo in the user guide, chapter 3: "anaylsis". || your help article on reports links to a page that doesn't exist
Sales question / Pricing for new company :: We're a news agency evaluating deepfake detection, can someone from sales tell us about pricing and a demo? || interested in SecureAI for our bank, who can we talk to about a pilot?
Partnership :: We're a systems integrator and would like to discuss a reseller partnership. || partnership inquiry: we'd like to bundle your detection with our product
How to export report :: How do I export a report as PDF? || where do I find the button to share results with a colleague?
Training or webinar :: Do you offer training sessions for new analysts? || is there a webinar on interpreting results?
Dashboard how-to :: Can I customise which widgets appear on my dashboard? || how do i add a chart for weekly detections
Typo in general text :: The welcome email says "Welcom to SecureAI". || typo on the homepage banner
Roadmap question :: Are you planning audio deepfake detection? || will you support live stream analysis in the future?
Cancel meeting / Contact account manager :: Who is our account manager? I'd like to schedule a quarterly review. || how can I reach our customer success manager
""",
}
