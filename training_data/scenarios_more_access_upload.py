"""More situations for account_access and upload_issues (format: see scenarios_access_upload)."""

CELLS = {
("account_access", "P1"): """
Certificate expired, no one can log in :: Your SAML signing certificate seems to have expired overnight; every one of our employees gets a certificate error when signing in and we have no local passwords. We are shut out completely. || cert error at sso for our entire workforce, no fallback logins exist, complete lockout
Password login removed for all :: After you migrated us to the new login, none of our accounts work, neither password nor SSO. The company can't reach the product at all. || migration to the new login broke every account we have, zero access for anyone
Login page error 500 for whole company :: The sign-in page itself throws a server error for all of us, so no user in our organisation can authenticate. || login screen errors out for every colleague, we can't authenticate at all
All users forced out and can't return :: Everyone was logged out at noon and now all attempts to sign back in fail with "account suspended". All of our 300 users are affected. || the whole company got kicked out at noon and every account now shows suspended
Org-wide lockout during live investigation :: Our entire newsroom can't log in and we're verifying footage for tonight's broadcast. Every account fails at the password step. || whole newsroom locked out of secureai, every account fails at password step
""",
("account_access", "P2"): """
New hires can't log in :: The new analyst cohort (14 people) all get "account pending" when logging in, a week after we invited them. They can't start their training. || all of our new joiners see account pending at login, a whole group sitting idle
Reviewer group lost permissions :: Our reviewer group can sign in but every action says "you don't have permission", since this morning. The group's work is stopped. || reviewers all get permission denied on every action, whole group stuck
Contractor team locked after IP policy :: We turned on the IP allowlist and now our external contractor team can't sign in at all, even from the approved VPN. They have nothing else to work with. || after enabling ip restrictions our contractors can't log in, whole vendor team blocked
SSO loop for a business unit :: People in our Madrid office are stuck in a redirect loop between Okta and SecureAI, they never reach the app. Headquarters is fine. || madrid office: endless sso redirect, none of them get in
Shared team account locked :: The shared login our monitoring desk uses is locked and the desk can't see incoming cases during the shift. || monitoring desk's account locked, no way to view cases tonight
MFA enforcement locked out users :: We enforced MFA yesterday and half of the legal team never got the enrolment email, so they're locked out and can't review evidence. || mfa enforcement locked out most of our legal team, they never received enrolment
""",
("account_access", "P3"): """
Can't see organisation after name change :: Since I got married my email changed and now I land in an empty personal workspace instead of our company's. || after my email address change i'm not in my company workspace anymore
Backup codes not working :: I tried my MFA backup codes and each one says invalid. I still have my phone but it's broken. || none of my recovery codes work for the two step login
Locked after travelling :: I'm travelling abroad and my login is blocked as "suspicious location". Can you let me in? || blocked from signing in while on a business trip, says unusual location
Admin can't reset a user's password :: As admin I try to reset a colleague's password but the button gives an error. || reset password for a team member fails from admin panel
Account merged incorrectly :: I have two accounts with similar emails and I'm signed into the wrong one, my projects aren't there. || logged into an old duplicate account, can we merge them?
Captcha never validates :: The captcha on the login page never accepts my answer, so I can't sign in. Coworkers can. || stuck at the captcha on sign in, keeps failing
Magic link expired instantly :: The email sign-in link says expired even when I click it immediately. || login link from email always expired
Permission to delete videos missing :: I'm an editor but I can't delete videos anymore, I used to be able to. || lost the delete permission on my account
Guest can't access shared project :: A guest reviewer we invited can't open the project we shared with her, she gets access denied. || external reviewer gets access denied on our shared folder
SSO user has wrong role :: A colleague who logs in with SSO gets the Viewer role although Okta sends Analyst. Only him. || one SSO user mapped to the wrong role, others fine
Reset MFA for a colleague :: My colleague Tom changed phones and can't pass MFA, can you reset it for him? || please reset 2fa for one of our analysts who lost her device
Account locked by security policy :: My account got locked because I didn't log in for 90 days. How do I reactivate it? || inactive account locked, need it unlocked
Wrong organisation on login :: When I sign in I end up in my old employer's organisation, not my new company's. || login drops me in the wrong org
""",
("account_access", "P4"): """
Set up MFA for myself :: How do I turn on two-factor authentication on my own account? || where is the mfa setting in my profile?
Bulk invite users :: Can I invite 50 users at once with a CSV file? || is there bulk user import?
Custom roles :: Is it possible to create a custom role that can upload but not delete? || can we define our own permission sets?
Login history :: Where can a user see their own recent sign-ins? || is there a page showing my login history
Transfer seat :: If someone leaves, can we give their seat to a new person without extra cost? || how to reassign a seat from one user to another
Change password how-to :: How do I change my password when I'm already logged in? || where to change pw
Supported authenticator apps :: Which authenticator apps work with your MFA, does Microsoft Authenticator work? || can i use authy for 2fa?
Deactivate user how-to :: What's the right way to remove a user who's leaving, deactivate or delete? || how do i offboard a user properly
Sign-in button typo :: The sign-in page says "Sing in" on the button in the mobile view. Cosmetic. || tiny typo on the login button, just so you know
Role description unclear :: The roles page doesn't explain what "Auditor" can do, could you clarify? || what can the auditor role actually do
""",
("upload_issues", "P1"): """
Uploads disabled for organisation :: Every user in our company sees "uploads are disabled for this organisation" and we can't submit a single video. Our whole verification service runs on this. || upload disabled message for our entire org, nothing can be submitted
Storage error for all uploads :: All uploads from all our users end with "storage unavailable". We are unable to use the product at all since 5am. || storage unavailable error on every upload company-wide
Uploader page broken for all :: The upload page is blank for all our users in every browser, so nobody can add anything. The product is useless without it. || upload page won't load for anyone in our org
""",
("upload_issues", "P2"): """
Uploads from our office network fail :: Every upload from our main office network fails at 100% with a network error, only people working from home can upload. Most of the team is stuck. || uploads fail for everyone on the office network, only home workers can upload
Enterprise 5 GB limit not applied :: We're Enterprise and should upload up to 5 GB, but the team gets "file too large" for every file over 500 MB, which is most of our footage. || our enterprise size limit isn't applied, team can't upload their large files
Folder watch integration upload stopped :: Our automatic folder upload (the desktop uploader) stopped sending files for the whole department, we have hundreds waiting. || desktop uploader stopped for the department, nothing syncs
Every MP4 from our cameras rejected :: All MP4 files from our body cameras are rejected as corrupt since yesterday, that's every file the team has. || all bodycam mp4s fail as corrupt, team can't upload anything
Upload queue stuck for team :: Our uploads all sit at "waiting" and never start, for the whole review team. || team uploads stuck on waiting, none start
""",
("upload_issues", "P3"): """
Upload fails with HEVC video :: An iPhone video in HEVC fails to upload with "codec not supported", even though it's a MOV. || hevc mov from iphone rejected, codec error
Upload restarts from zero :: When my connection drops the upload restarts from 0 instead of resuming. With a 450 MB file it's painful. || uploads don't resume after a network blip
Upload error with special characters :: Files with accents in the name like "entrevista_josé.mp4" fail to upload. Renaming fixes it. || upload fails if file name has umlauts
Cancelled upload still showing :: I cancelled an upload and it's still listed as "uploading" in my library. || ghost upload stuck in my list
Zip file upload :: I tried to upload a zip with several videos and it says invalid file. || can't upload a zip archive of videos
Upload from mobile fails :: Uploading from the mobile browser on Android fails at the end. Desktop is fine. || mobile upload fails, desktop works
Thumbnail missing after upload :: After upload, my video shows no thumbnail and can't be opened. || uploaded video has no preview and won't open
Wrong duration detected :: A 30 minute video is detected as 0 seconds after upload and can't be analysed. || uploaded file shows duration 0:00
Webm upload fails :: My WEBM screen recording gets "unsupported format" although WEBM is in your list. || webm rejected even though it's supported
Portrait video rotated wrong :: My portrait video is uploaded sideways and the frames look wrong. || upload rotates my vertical video
Upload blocked by file type check :: A file renamed from .mkv to .mp4 fails the file type check. || mismatch between extension and content, upload refuses
""",
("upload_issues", "P4"): """
Upload via mobile app :: Is there a mobile app to upload videos directly from the phone? || can we upload from an iphone?
Keep original file :: Do you keep the original file after upload or only a converted copy? || are uploaded videos stored in original quality?
Upload history :: Where can I see a list of everything I uploaded this month? || is there an upload log?
Upload limits per day :: Is there a limit on how many videos we can upload per day? || max uploads per day?
Compress before upload :: Should I compress large videos before uploading or does that affect detection? || does compressing hurt the analysis
Upload dialog wording :: The upload dialog says "Drop you files here", should be "your". || typo in the drag and drop box
Resumable upload question :: Do uploads resume if my connection drops? || are uploads resumable
Delete uploaded video :: How do I delete a video I uploaded by mistake? || remove an uploaded file?
Dark theme upload page contrast :: In dark mode the upload area text is hard to read. Not urgent, cosmetic. || upload page contrast poor in dark mode
""",
}
