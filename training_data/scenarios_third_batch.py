"""A third round of situations, widening the words each category is told in
(format: see scenarios_access_upload)."""

CELLS = {
("account_access", "P2"): """
Nobody in finance can sign in :: No one in our finance department can sign in since the password policy change, they all get "password expired" and the reset page errors. || finance team all stuck on password expired, reset broken
Okta live but users rejected :: We went live with Okta SSO on Monday and today every user in the claims team gets "user not assigned" at login. They can't get into the app. || sso live since monday, claims team rejected at login
""",
("account_access", "P3"): """
Can't accept invite with SSO :: My invitation asks me to set a password but our company uses SSO, so I can't finish joining. || invite flow wants a password but we use sso
Two accounts one email :: I receive "email already in use" when I try to register, but I never created an account. || sign up says email already registered
Locked out after password manager :: My password manager saved an old password and now I'm locked out after the retries. || locked out because of saved old password
Verification email missing :: I never got the account verification email so I can't log in for the first time. || no verification mail, can't activate my account
Permissions lost after promotion :: I was promoted to team lead but still can't see the team's projects. || new role not showing my team's projects
""",
("account_access", "P4"): """
SSO with Google accounts :: Can users log in with their Google Workspace accounts? || google sign in supported?
Admin count limit :: Is there a limit on how many admins an organisation can have? || max number of admins?
Lockout policy :: After how many failed attempts does an account get locked, and for how long? || how long is the lockout after wrong passwords
""",
("upload_issues", "P3"): """
Upload greyed out for one file :: The upload button stays greyed out after I select one specific video. || can't click upload after choosing a file
Upload fails behind proxy :: My uploads fail at the end since our company installed a new proxy on my laptop; colleagues on other laptops are fine. || upload errors at 100% behind my proxy
Frame rate not supported :: A 120 fps slow motion video fails at upload with "invalid frame rate". || high frame rate video refused
Upload says file empty :: Upload says my file is 0 bytes but it's 300 MB on disk. || file detected as empty on upload
""",
("upload_issues", "P4"): """
Upload speed expectations :: How long should a 2 GB upload take on a normal office connection? || is there an upload speed limit on your side?
Metadata on upload :: Can I add a case number to a video while uploading? || add tags during upload?
""",
("api_integration", "P2"): """
Webhook secret rotation broke all :: After rotating the webhook secret every event fails our signature check, so our production intake has stopped. We can only check results by hand in the web app. || all webhook signatures invalid since rotation, prod intake stopped
SDK upgrade forced, pipeline broken :: The old SDK version is now rejected with 426 Upgrade Required and our production pipeline stopped; the new one needs code changes we can't do today. || 426 on every call from old sdk, pipeline halted
""",
("api_integration", "P3"): """
Webhook for failed jobs missing :: We get webhooks for finished analyses but never for failed ones. || no webhook event when a job fails
API returns 404 for new jobs :: Right after creating a job, GET on it returns 404 for a few seconds. || job lookup 404 immediately after creation
Rate limit headers missing :: Your 429 responses don't include a Retry-After header, so our client can't back off properly. || retry-after missing on 429
Phantom app action error :: The "detonate video" action in our Phantom app fails with a KeyError for some inputs. || phantom action errors on certain videos
Token expires too soon :: Our OAuth access tokens expire after 5 minutes instead of the documented hour. || tokens expiring way too early
""",
("api_integration", "P4"): """
GraphQL support :: Do you have a GraphQL API or only REST? || rest only or graphql too?
Callback on each frame :: Can the API send results per segment rather than per video? || partial results via api?
Testing webhooks locally :: What's the best way to test webhooks on a developer laptop? || how to test webhook callbacks locally
""",
("performance", "P2"): """
Live monitoring lagging :: Our live broadcast monitoring shows results 20 minutes late for the whole desk, which makes it useless during the election coverage. || live monitoring delayed, desk can't use it
Search times out for all analysts :: Library search times out for every analyst on the team, they can't find any case video. || search timeouts for the whole team
""",
("performance", "P3"): """
Upload done but analysis slow to start :: After upload, analysis takes 10 minutes to even start, used to be immediate. || long wait before analysis begins
Settings page slow :: The organisation settings page takes 30 seconds to open. || admin settings very slow to load
Slow during US mornings :: Everything gets sluggish between 2 and 4 pm our time, probably when the US starts. || app slow in the afternoons
Video scrubbing laggy :: Scrubbing through a long video in the result view is choppy and slow. || player lags when skipping through
Bulk delete slow :: Deleting 200 videos at once takes forever and sometimes times out. || mass delete very slow
""",
("performance", "P4"): """
Why is analysis slower for long videos :: Why do longer videos take so much more time, is it linear with duration? || does processing time scale with length?
Caching question :: Does the dashboard cache data, how often does it refresh? || how often do dashboard numbers update
""",
("billing", "P2"): """
Seat limit after paid upgrade :: We paid to go from 10 to 40 seats, the charge is on our card, but the account is still capped at 10, so 30 new analysts can't be added and the project is stalled. || paid for 40 seats, still capped at 10, new analysts can't start
Usage cap hit mid-investigation :: We reached our analysis minutes cap in the middle of a fraud investigation and new analyses are refused. Please enable overage, we'll pay it. || hit the minutes cap, analyses refused, please allow overage
""",
("billing", "P3"): """
Invoice due date wrong :: The invoice says due on receipt but our contract says net 60. || payment terms on invoice incorrect
Charged for deleted users :: We were charged for 8 users we removed before the billing date. || billed for removed seats
Card charged in wrong currency :: Our card was charged in USD and our bank added fees; the contract is in GBP. || charged in the wrong currency
""",
("billing", "P4"): """
Pay with purchase order :: Can we pay against a purchase order? || do you accept POs
Switch card owner :: Our CFO wants to replace the card on file with the company card, how? || how to update the credit card
Our plan priced per seat :: Is our current plan charged per user or per organisation? || is our subscription priced per seat or flat?
""",
("security", "P1"): """
Phishing led to account takeover :: Two of our analysts entered their credentials on a fake SecureAI login page and now their accounts are being used from abroad to view our cases. || staff phished, attackers now in their accounts viewing cases
Public bucket with our videos :: A journalist told us some of our uploaded videos are reachable on a public storage link from your domain. || our videos exposed on a public link, reported by a journalist
""",
("security", "P2"): """
Suspicious email about data :: Someone emailed us claiming to have our SecureAI data and asking for money. We see no evidence in logs. Could you check on your side? || extortion email claims they have our data, no evidence so far
Penetration test found weak setting :: Our own pen testers found our org still allows password-only login for admins. Nothing happened, but we want it fixed fast. || pentest finding: admins can log in without mfa, fix please
""",
("security", "P3"): """
Retention policy change with deadline :: New internal policy requires us to delete all videos older than 12 months by the end of the quarter; we need your help and confirmation. || must purge videos over 12 months old by quarter end, need confirmation
Processing record for DPA audit :: Our data protection authority audit needs your record of processing activities for our account by the 20th. || need processing records for a regulator audit, due the 20th
""",
("security", "P4"): """
Pen test permission :: Are we allowed to run our own penetration test against our tenant? || can we pentest your platform
MFA for API keys :: Can API keys be restricted by IP address as a security measure? || ip restrictions on api tokens possible?
Password hashing :: How do you store user passwords? Our security team asks for the hashing algorithm. || which password hashing do you use
""",
("general", "P3"): """
Video title wrong :: The title of my analysis shows another file's name. || wrong name displayed on my result
Tooltip wrong information :: The tooltip on the score explains it as "probability of authenticity", but the docs say the opposite. || tooltip and docs contradict each other about the score
Project archive missing :: I archived a project and can't find the archive anywhere. || archived projects not visible
""",
("general", "P4"): """
Reseller pricing :: We'd like to resell SecureAI to our clients in Brazil, who handles channel partners? || become a reseller in latam
Student research :: I'm a PhD student researching deepfake detection, can I get academic access? || academic licence for research?
Product comparison :: How does your detection compare to other tools on compressed social media videos? || accuracy on whatsapp compressed videos?
Export to Excel :: Can I export the results table to Excel? || excel export possible?
Keyboard shortcuts :: Are there keyboard shortcuts in the review player? || shortcuts list for the player
Notification settings :: How can I turn off the daily summary email? || stop the daily digest emails
""",
}
