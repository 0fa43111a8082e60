"""A seventeenth round: more short questions per area, since questions are where the
held-out situations are most often taken for `general` (format: see scenarios_access_upload)."""

CELLS = {
("api_integration", "P4"): """
Token per environment :: Should we use separate API tokens for staging and production? || one token per environment?
Token lifetime :: How long is an access token valid before we need a new one? || token lifetime?
Read-only key :: Can I create an API key that can only read results and not upload? || read only api key possible
Test mode results :: Does the sandbox return real analysis results or fixed sample data? || are sandbox results real
Webhook for upload finished :: Is there a webhook event when an upload finishes, before the analysis? || webhook on upload complete?
API client libraries list :: Where can I find all official client libraries? || official sdk list
""",
("performance", "P4"): """
Data freshness on dashboard :: How fresh is the data on the dashboard, is it live or delayed? || is the dashboard real time
Scaling for peak :: We expect a peak of 10,000 videos during elections; will processing keep up? || can you handle our election peak
Browser memory use :: Does the review player need a lot of memory for long videos? || how much ram does the player need
Speed on older laptops :: Will the app run acceptably on older laptops our field staff use? || app speed on old laptops?
""",
("account_access", "P4"): """
Admin rights for two people :: Can two people be owners of the organisation? || two owners possible?
Invite expiry :: How long is an invitation link valid? || when do invite links expire
Sign in with Microsoft :: Can users sign in with their Microsoft accounts? || microsoft login supported?
Remove myself :: How do I leave an organisation I was added to by mistake? || leave an org
""",
("upload_issues", "P4"): """
Upload speed tips :: Any tips to make large uploads go faster? || speed up big uploads?
Trim before upload :: Can I trim a video in the uploader before it's sent? || cut a clip while uploading?
""",
("security", "P4"): """
Security contact email :: What's the right email for security questions? || security contact address
Third-party audits :: Which third-party audits do you undergo each year? || yearly external audits?
""",
("general", "P4"): """
Project templates :: Can we create a project template with preset tags? || templates for projects?
Export logo question :: Can I remove the SecureAI logo from shared reports? || hide your logo on reports
Mobile app roadmap :: Are you planning a mobile app? || mobile app coming?
""",
("general", "P3"): """
Archived project vanished :: A project I archived last week is no longer in the archive list. || archived project disappeared
Timestamps an hour off :: Timestamps in the results are one hour off since the clock change. || times off by one hour since dst
""",
("api_integration", "P2"): """
Webhooks silent since release :: Since your release yesterday we've received zero webhooks for any job; our production case flow depends on them, so analysts are checking the dashboard by hand. || no webhooks at all since release, prod flow stuck, manual checks only
""",
("performance", "P3"): """
Preview pane sluggish :: The preview pane on the results list is sluggish when I move between videos. || preview pane laggy
""",
}
