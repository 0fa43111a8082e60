"""Hand-written situations for account_access and upload_issues.

One line per situation: ``subject / subject :: phrasing || phrasing || ...``.
Every phrasing tells the same situation in other words; the generator picks one,
wraps it in a channel's style and adds noise. Placeholders in braces are filled
by ``generate.fill``.
"""

CELLS = {
("account_access", "P1"): """
Nobody can sign in / Login down for whole company :: Since about 8am not a single person in our organisation can log in, the sign-in page just spins and returns to the start. All {n} of our analysts are locked out of the product. || None of our users can sign in at all today. Every account in our org gets bounced back to the login screen, so the whole company is without the tool. || Every login attempt across our entire company fails since this morning, we have zero access to the platform.
SSO outage for all users / SAML login broken everywhere :: Our single sign-on stopped working for everyone: after Okta authenticates, your side shows "SAML response invalid" and no one in the company can get in. Nothing changed on our side. || SSO is broken for our whole organisation, all {n} users hit an assertion error after the identity provider redirect. We can't use the product at all. || after the idp redirect everybody gets an error page, so literally nobody here can get into secureai
Every account disabled / All accounts deactivated :: All of our user accounts show as disabled this morning, including the admins, so nobody can do anything and there is no one left to re-enable them. || Every account in our tenant was deactivated overnight. Admins too. We are completely shut out.
MFA broken for everyone / No one receives MFA codes :: Nobody in our company is receiving MFA codes since the last hour, text or authenticator, so the whole team is stuck at the second step and cannot use the service. || the 2fa step rejects every code for every single user in our org, we are totally locked out of the platform
Password reset for all failing / Org-wide lockout after forced reset :: You forced a password reset on our organisation and the reset links all return "token expired". Not one of our {n} users can get back in. || After your forced password reset every reset email link is dead, so the entire company is locked out right now.
Admin and users locked out during incident :: We are in the middle of investigating a live deepfake incident and every user including our owner account is locked out of the console. Whole org, no access at all. || whole org locked out, incl owner, in the middle of an investigation. nothing works
Tenant login shows wrong organization :: When any of our people log in they land on "organisation not found" and can't reach the workspace. It is all our users, the product is unusable for us. || all our logins end on 'organization not found', no user of ours can reach the workspace
""",
("account_access", "P2"): """
Whole team can't sign in / Fraud team locked out :: Nobody on our fraud team can sign in since the role update, the other departments are fine. Eight analysts are blocked with no workaround. || The whole verification team gets "access denied" on login, other teams still work. We can't process today's queue. || our trust & safety team (about a dozen people) all get kicked out at login, rest of the company fine
SSO failing for one department / SAML error for a group :: Users in our EU group all fail SSO with an "audience mismatch" error, US users are fine. That's {n} people who cannot work. || SSO fails for every member of the Marketing group since yesterday, the rest sign in. They have no other way in.
Directory sync removed access / AD sync changed roles :: The overnight Active Directory sync changed all our reviewers to Viewer role, so the whole review team can't approve or run analyses anymore. || After the SCIM sync ran, our analysts lost their Analyst role and are now read-only. The team is stuck. || directory sync downgraded everyone in the soc group to viewer, none of them can run scans now
MFA codes rejected for a team :: Everyone on our night shift gets "invalid code" at the MFA step, their clocks are correct, they can't get in and have no backup codes. || All of our support agents fail the two factor step since the app update, none of them can log in this shift.
Only admin locked out / Owner account locked :: Our only administrator is locked out after too many attempts and she is the one who needs to add users for the new project starting today. Nobody else can manage the org. || the sole owner account is locked and without it we can't onboard the team that starts this morning
Invitations failing for new team / Can't onboard team :: We hired a team of {n} reviewers who start today and none of the invitation emails arrive, they can't create accounts and can't start work. || Invite links for our whole new batch of contractors say "invitation invalid", so the team can't get into the platform at all.
Seats full blocking onboarding :: We are out of seats and the add-user button is greyed out, so the new team can't be given access. We can't start the project without them. || cant add the 6 new people, it says no seats left, project kicks off today and they have no access
Permissions broken after update :: Since your release yesterday all users with the Analyst role get 403 on every page after signing in. That's our entire working team. || every analyst-role user sees a permissions error right after login, only admins can work
Session expires instantly for team :: Our whole operations team gets logged out every few seconds after signing in, they cannot finish anything. Started after our IP allowlist change. || the entire ops team gets signed out immediately after login, loop never ends
""",
("account_access", "P3"): """
Locked out after failed attempts / Account locked :: I got locked out after typing my password wrong a few times and the reset email never arrives. Can you unlock my account? || My account is locked, I think I fat-fingered the password. Colleagues can still log in, it's only me. || locked out of my account after 5 tries, reset mail not coming
Password reset email not arriving :: I requested a password reset three times and no email reached me, not in spam either. My address is {email}. || Password reset link never shows up in my inbox. Everyone else in my team is fine, just my account.
Lost phone with authenticator / MFA device lost :: I lost my phone with the authenticator app on it and can't get past the MFA step. I don't have backup codes. Please reset my MFA. || got a new phone and my 2FA codes dont work anymore, can you reset MFA on my account
SSO fails for one user :: One of our users, {email}, can't log in through SSO, she gets a SAML error while everyone else signs in normally. || SSO works for all of us except one colleague who gets "user not provisioned" after Okta.
Invitation link expired / Invite not received :: I was invited to my company's workspace but the link says it has expired. Could you resend it or tell my admin how? || my invite email never arrived, my manager says she sent it twice
Wrong role assigned / Can't access projects :: I was moved to a new team and now I can't see the projects I need, I think my role is wrong. My colleague can see them. || I only have Viewer rights but I should be an Analyst, I can't start analyses. Can someone fix my permissions?
Forgot password for billing portal :: I forgot my password for the billing portal and the reset link takes me to an error page. I just need to log in to download something. || Can't sign in to the billing section, forgot my password and the reset doesn't work. It's only my login that's affected.
API developer locked out of dashboard :: I mostly work with your API but I need the dashboard to rotate keys and my login is locked since this morning. The API calls themselves still work. || I'm a developer on the integration, my personal dashboard login is blocked after MFA failures, the API keeps working. Need my account unlocked.
Email change broke login :: I changed my email address in my profile and now I can't log in with either the old or the new one. || after updating my email in settings i can't sign in anymore with any address
Account disabled by mistake :: My account shows "disabled" when I try to log in. I didn't leave the company, I think an admin clicked the wrong user. || my login says account deactivated but i still work here, can you reactivate {email}
Remove former employee / Transfer ownership :: Our previous admin left the company and we need the ownership of the organisation transferred to me. Nothing is broken, but we can't manage users. || We need to take over an account of an employee who left. How do we get access to their saved projects?
Logged out constantly / Session keeps expiring :: I keep getting logged out every few minutes and have to sign in again, very annoying. Others on my team don't have this. || my session times out after like 2 minutes, only happens to me
Username not recognised :: The login page says my username doesn't exist, but I've been using it for a year. || system says no account found for my email even though I logged in last week
""",
("account_access", "P4"): """
How to enforce MFA / Require 2FA for org :: How can I require MFA for every user in our organisation? Is there a setting for admins? || Is it possible to enforce two-factor authentication for all members, and can we pick which authenticator apps are allowed?
Which roles exist / Role question :: What is the difference between the Analyst and Reviewer roles? I want to give a contractor the least access possible. || quick q: can a viewer role download reports or only see them?
How to add a user / Invite colleagues :: How do I invite a colleague to our workspace? I can't find the button. || where do i add new users, is it under settings?
Password policy question :: What are your password requirements and how often do you force a password change? Our IT asked. || Does SecureAI support passwordless login or passkeys?
Seats question :: How many seats are included in our plan and can I see who is using them? || is there a way to see the list of users who have a seat and when they last logged in
Login page cosmetic / Logo blurry on sign-in :: The logo on the login page looks stretched on my 4K monitor. Not a big deal, just letting you know. || The "forgot password" link on the sign-in screen overlaps the password field on mobile, cosmetic only.
Session timeout setting :: Can we change how long a session lasts before it logs out? 30 minutes is short for our analysts. || Is the idle logout time configurable per organisation?
SSO available on which plan :: Is single sign-on available for all users once it's set up, and do users still need a local password? || after SSO is on, can users still sign in with password as fallback? just asking
Change my display name :: How do I change the name shown on my profile? It still shows my maiden name. || can i change my username or only the display name?
Remember me / stay signed in :: Is there a "remember this device" option so I don't enter the MFA code every day? || question about mfa: do i have to enter a code on every login
Audit who has admin :: How can I see which users in our org are admins? || where can I check what permissions each member has, need it for our quarterly review
""",
("upload_issues", "P1"): """
No uploads work for anyone / Upload down org-wide :: No one in our organisation can upload any video since this morning, every upload fails instantly with an error, and uploading is the whole point for us. || All uploads fail for all of our users, every file, every browser. The service is useless to us right now. || every single upload across our company errors out, nobody can get a video in
Upload service returning 500 :: Every upload returns a server error (500) for all our accounts, small and big files alike. We can't analyse anything. || the upload endpoint throws 500 for every file for our entire org, nothing gets in at all
Uploads stuck at 0% for entire company :: For everyone in the company uploads sit at 0% and never start. It's been two hours. We process evidence for court today and the product is unusable. || uploads never start for any user in our org, stuck at 0 percent for hours
All files rejected as corrupted :: Since your update every single file we upload, from all users, is rejected as "corrupted", even files that worked yesterday. Total stoppage. || every upload from every account gets "file corrupted" now, we have no way to get videos in
""",
("upload_issues", "P2"): """
Bulk upload broken / Batch upload failing :: The bulk upload of folders fails for our whole team since yesterday, only single files go through one by one which doesn't work for our 300 files a day. || Batch upload is broken for everybody here, we have a daily intake of hundreds of videos and no workaround. || multi file upload fails for the team, one by one is impossible at our volume
URL upload broken for team :: Uploading from URL (S3 links) fails for all our team members and that's how all our videos come in. We're blocked. || URL import has stopped working completely for us, all our evidence comes from links, we can't work.
Large uploads failing for enterprise :: We're on Enterprise and every file over 1 GB now fails at about {pct}%. Our bodycam footage is all large, so the team is stuck. || All our big files fail partway and those are exactly the videos we need analysed today.
Uploads crawl then time out for team :: Every upload from our office crawls at a few KB/s and then times out, for the whole team. Our internet is fine elsewhere. || uploads from our whole team start, crawl and then time out after 10 min. cannot get anything into the system
MOV files rejected after update :: Since yesterday all our MOV files are rejected as unsupported, but MOV is in your supported list and all our cameras record MOV. The team can't work. || your platform suddenly refuses every .mov we upload, that's 100% of our material
Upload button missing for team :: The upload button disappeared for all our reviewers after the update, so no one on the team can add videos. || nobody in our team sees the upload option anymore, we're blocked
""",
("upload_issues", "P3"): """
File too large / Over size limit :: I'm trying to upload a {size} MB video and it says the file is too large. What can I do? || Got "file exceeds maximum size" for a {size}MB recording. Is there a way around the limit? || my video is {size} mb and the upload refuses it
Unsupported format :: My {fmt} file gets "unsupported format" when I upload it. Other files work. || Upload rejected: "format not supported" for a {fmt} recording from our old camera.
Upload stuck at percentage :: My upload gets to {pct}% and then just stops. Tried twice, same thing. Other videos uploaded fine. || one video stays at {pct} percent forever, the others go through
One file says corrupted :: One particular file always fails with "file appears to be corrupted" but it plays fine in VLC. || a single mp4 keeps failing as corrupted, plays ok locally
Drag and drop not working :: Drag and drop doesn't work in Safari, nothing happens when I drop the file. The browse button works. || can't drag files into the upload area in Firefox, have to use the button
URL upload fails for one link :: Uploading from a URL fails for one Google Drive link with "could not fetch". Other links work. || url upload says 'source unreachable' for one of my dropbox links
Upload slow and times out :: Uploading a 400 MB file crawls for 20 minutes and then times out. Small files are fine. || my upload crawls along and then errors with a timeout at the end
Upload fails on one computer :: Uploads fail on my laptop with a network error, but from my colleague's machine the same file works. || uploading only fails from my pc, same file works elsewhere
Audio-only file rejected :: I tried to upload a file and it says "no video stream found". It's a video from a phone call recording app. || upload error: no video track, it is an mkv from obs
Duplicate upload error :: I get "this file was already uploaded" but I can't find it anywhere in my library. || system says duplicate file but the video isn't in my list
Upload finished but video missing :: The upload said complete but the video never shows in my project. || upload says 100% done, video not there afterwards
""",
("upload_issues", "P4"): """
Supported formats question :: Which video formats can I upload? Is MKV supported? || what file types do you accept for upload?
Max file size question :: What's the maximum upload size on the Professional plan, and is it bigger on Enterprise? || is there a limit on how big a video can be?
File name cut off / Cosmetic uploader :: In the uploader the file name is cut off when it's long, I can't see which file is which. Just cosmetic. || the progress bar in the upload dialog overlaps the cancel button, cosmetic but ugly
Can I upload from cloud storage :: Can I upload directly from Google Drive or OneDrive instead of downloading first? || is there an option to import from an S3 bucket?
How to upload several files at once :: How can I upload several videos at once? || is there a folder upload or do I pick every file?
Upload progress percent wrong :: The upload percentage jumps from 40 to 100, it works but looks odd. || upload counter shows 110% sometimes lol, works fine though
Recommended encoding :: Do you recommend a codec or resolution for best results when we upload? || should we convert to mp4 before uploading or is avi fine?
Upload icon translation :: The German text on the upload button says "Hochladen Datei" which is not correct German. Minor. || Spanish translation of the upload page has a typo in "arrastrar"
""",
}
