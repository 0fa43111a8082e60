"""A seventh round on priority: questions that mention everyone (still P4), one person's
trouble described with a team around it (still P3), and more impact wordings
(format: see scenarios_access_upload)."""

CELLS = {
("account_access", "P4"): """
Enforce MFA for whole organisation :: How do we turn on mandatory MFA for all users in the whole organisation at once? || can an admin force 2fa on every account in our org
Reset passwords for everyone policy :: Is there a way to make every user in our company change their password every 90 days? || can we set password expiry for all our users
Bulk role change how-to :: How can I change the role of all 40 users in a group at once? || bulk change roles for everyone in a team?
SSO for everyone question :: Once we enable SSO, will all our users be forced to use it, or can some keep passwords? || does turning on sso apply to every user automatically
""",
("account_access", "P3"): """
One user locked, team fine :: One of my team members is locked out after too many password attempts. Everyone else on the team can work normally. || a single colleague is locked out, the rest of us are fine
One analyst can't pass MFA :: One analyst on our team can't get past the MFA step since she changed phones; the other 20 log in without problems. || just one user stuck at mfa, others ok
""",
("upload_issues", "P4"): """
Formats for all our cameras :: We're rolling out new body cameras to all officers, which formats should we record in so every upload works? || which recording format should our whole team use for uploads
""",
("upload_issues", "P3"): """
One colleague's uploads fail :: Uploads fail for one colleague only, everyone else in the office uploads without trouble. || only one person in our team can't upload
""",
("api_integration", "P4"): """
Rate limits for whole org :: Do rate limits apply per API key or to our whole organisation together? || is the api limit per key or per org
""",
("api_integration", "P3"): """
One integration key failing :: One of our five API keys returns 401, the other four work, so only one small script is affected. || a single key gets 401, others fine
""",
("performance", "P3"): """
Slow for one user only :: The dashboard is very slow for one of our analysts, for everyone else it loads normally. || only one user has slow pages
""",
("performance", "P4"): """
Performance for all users question :: Will performance stay the same if all 200 of our users log in at the same time? || can the app handle our whole company at once
""",
("billing", "P4"): """
Billing for the whole organisation :: Can we get one invoice for all our departments instead of one per team? || single invoice for the whole company possible?
""",
("security", "P4"): """
Security settings for all users :: Which security settings should we apply for all users before rolling out company-wide? || recommended security setup for the whole org
""",
("general", "P4"): """
Training for everyone :: We'd like to train all of our 150 analysts on interpreting results; do you offer group sessions? || group training for our entire team?
Announcement to all users :: How can we show an internal announcement to all users in our organisation when they log in? || banner message for everyone in our org?
""",
("general", "P3"): """
One user's reports wrong :: Reports for one of our users show yesterday's data; the rest of the team sees current data. || just one person's reports are out of date
""",
}
