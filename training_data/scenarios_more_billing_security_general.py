"""More situations for billing, security and general (format: see scenarios_access_upload)."""

CELLS = {
("billing", "P2"): """
Plan downgraded by mistake :: Our plan was downgraded to Starter by mistake at renewal, so the whole team lost the features we pay for and can't analyse long videos. We need the Professional plan restored. || renewal put us on the wrong plan, team blocked by starter limits
Credit limit reached :: Our prepaid credits ran out and the top-up payment is stuck "pending", so every analysis for the team is refused. || credits used up, top up payment pending, all analyses refused
Invoice overdue lock :: Our account is restricted because of an overdue invoice, but finance says it's approved and paying today. The team can't work until it's lifted. || billing hold on our account is blocking the team, payment is on its way
Annual renewal failed :: The automatic renewal failed because the card expired, and the account switched to read-only for everyone. We've updated the card but it's still read-only. || renewal failed, account read only for all, card updated already
""",
("billing", "P3"): """
Invoice lists wrong company name :: Our invoice shows our old company name, so our finance team can't book it. || wrong legal entity name on invoice
Proration looks wrong :: The prorated charge for adding seats mid-month looks higher than it should be. || seat proration calculation seems off
Refund for duplicate purchase :: A colleague bought a second subscription by accident, please refund it. || accidental second subscription, want refund
Receipt missing :: We paid by card but never received a receipt. || no receipt for our last payment
Charged after cancellation :: We cancelled in March but were charged again in April. || still charged after we cancelled
Coupon not applied :: The discount code from the sales team wasn't applied to our invoice. || promo code missing on the bill
Usage report doesn't match invoice :: The usage report shows 1,800 minutes, the invoice charges for 2,400. || billed minutes don't match usage
Bank transfer not recognised :: We paid by bank transfer two weeks ago but the invoice still shows unpaid. || wire payment not matched to our invoice
""",
("billing", "P4"): """
Invoice in local currency :: Could future invoices be in GBP instead of USD? || can we get invoices in euros from next year
Billing contact add :: Can we add a second email that receives invoices? || cc our accounts team on invoices
Annual vs monthly :: Is there a discount if we switch from monthly to annual billing? || annual billing cheaper?
Overage pricing :: How much does an extra analysis minute cost beyond the quota? || what's the overage rate
Quote for more seats :: Could you send a quote for 10 extra seats? || price for adding 5 users?
Where is my plan shown :: Where in the settings can I see which plan we are on and when it renews? || how do i see renewal date
""",
("security", "P1"): """
Mass download from unknown device :: Thousands of videos were downloaded from our account overnight from a device nobody recognises. We think it's an active breach. || huge bulk download from an unknown device last night, looks like data theft in progress
API key used from botnet :: Our API key is being hammered from hundreds of IPs right now and it's pulling our results. We didn't leak it on purpose but it is clearly in someone else's hands. || our key is being used by someone else right now, pulling our data
Ransomware note in our workspace :: Someone renamed our projects to a ransom message inside SecureAI. They clearly have access to our account. || attacker renamed our projects with a ransom note, they're in our account
Unauthorised admin created :: A new admin user we didn't create appeared in our organisation and has been exporting reports. || unknown admin account added and exporting our data
""",
("security", "P2"): """
Suspicious login alert no activity :: We got a "new sign-in from unknown device" alert for one of our admins. She says it wasn't her; nothing seems changed. We want to lock it down to be safe. || unexpected new device login alert, nothing changed yet, precaution
Token in public repo, revoked :: A developer committed a token to a public repo for about ten minutes before deleting it. Logs show no use. Please help us confirm and rotate. || token briefly public on github, no calls seen, want confirmation
Employee device compromised :: One of our analyst's laptops got malware (unrelated to you). We want to force sign-out everywhere and reset her access as a precaution. || malware on a staff laptop, want precautionary session revoke
Shared password discovered :: We discovered that a team shared one SecureAI login over email. No misuse, but we want to fix it quickly. || found a shared account password in emails, no misuse
Vulnerability in dependency :: Our scanner flags your web app's JavaScript library as having a known CVE. Can you check if you're affected? || cve in a library your site loads, are you vulnerable?
""",
("security", "P3"): """
Legal hold request :: Our legal department needs all videos and results from project "Atlas" preserved under legal hold before the court date next month. || legal hold on one project's data, court date next month
Deletion certificate :: We terminated our contract and need a certificate of data deletion within 30 days per our DPA. || need deletion confirmation after contract end, 30 day deadline
Right to rectification :: A data subject asked to correct their name in metadata we stored with you, legally we must do it this month. || gdpr rectification request for stored metadata
Export admin actions :: Please provide a log of all admin actions in our organisation for the last quarter for our SOX audit due next week. || need admin activity log for an audit next week
""",
("security", "P4"): """
HIPAA question :: Are you HIPAA compliant and would you sign a BAA? || do you sign business associate agreements
Bug bounty :: Do you have a bug bounty program? || where do we report security issues
SSO security settings :: What encryption do you use for stored videos, and are keys customer-managed? || can we bring our own encryption keys
Data residency :: Can our data stay in the EU only? || eu data residency option?
Security whitepaper :: Could you send your security whitepaper? Our CISO asked, it's VERY URGENT for her. || security overview document please, ciso wants it today
Trust centre :: Do you have a trust centre page with certifications? || link to your compliance certifications
""",
("general", "P1"): """
App shows maintenance page for everyone :: The whole app shows a maintenance page for all our users since 9am, and there's nothing announced. We can't do any work at all. || maintenance screen for everybody since 9, unannounced, completely unusable
All results failing for everyone :: Every video for every user in our org ends with "analysis failed", no result at all, since your release. The product is unusable for us. || all analyses fail for our whole organisation after your release
Service unreachable :: SecureAI is unreachable from all our sites, connection refused everywhere, other websites work. Complete outage for us. || can't reach your service from any of our offices
""",
("general", "P2"): """
Sharing links broken for team :: Result sharing links stopped working for everyone on our team, we send them to clients daily and have no alternative. || shared result links return error for the whole team
Annotations lost for team :: All annotations our team made this week are gone, and the review can't be completed without them. || team annotations disappeared, review blocked
Notifications stopped for team :: No email notifications are sent to anyone on our team, so nobody knows when results are ready and the workflow is stuck. || notifications broken for whole team, workflow stuck
""",
("general", "P3"): """
Heatmap doesn't match video :: The manipulation heatmap seems offset by a second from the video. || heatmap out of sync with playback
Language setting resets :: My interface language switches back to English every time I log in. || ui language won't stay german
Saved filters lost :: My saved filters on the results page disappeared. || saved views gone
Chart shows wrong week :: The weekly chart on the dashboard shows last week's data as this week. || dashboard chart dates off by one week
Result disagrees with manual check :: A video our experts believe is manipulated came back as authentic with high confidence. Please look. || detection missed an obvious fake
Favourite button doesn't work :: Clicking the star to favourite a result does nothing. || can't favourite results
Print view broken :: The print view of a result cuts off the second page. || printing a result loses half the page
""",
("general", "P4"): """
Explain model :: How does your detection actually work, which signals do you look at? || what makes the model decide a video is fake?
API or UI for reports :: Is there a way to schedule a weekly summary report by email? || can reports be emailed automatically
Accessibility :: Is the product accessible with a screen reader? || does the ui support keyboard navigation
Integrations wishlist :: Please add an integration with Microsoft Teams. || feature idea: teams notifications
Case study :: Would you be interested in a case study with our newsroom? || we'd like to present our use of your product at a conference
Terms of service :: Where can I find your terms of service? || link to the terms and conditions
Tutorial videos :: Do you have tutorial videos for new users? || onboarding videos anywhere?
Compare two results :: Is there a way to compare two analyses side by side? || side by side compare feature?
Meaning of labels :: What does the "inconclusive" label on a result mean? || what does inconclusive mean
Praise for support :: Your agent Sam solved my problem quickly last week, thank you! || thanks for the quick help yesterday
""",
}
