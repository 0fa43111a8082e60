"""A fifteenth round: specific how-to questions that sit inside one category go to that
category at P4 (the guide), so each area gets more of its own questions
(format: see scenarios_access_upload)."""

CELLS = {
("api_integration", "P4"): """
Retry strategy advice :: What retry strategy do you recommend when the API returns 503 during maintenance? || how should our client retry on 503
Webhook timeout on our side :: How long does your webhook wait for our endpoint to answer before it counts as failed? || webhook response timeout on your side?
Result polling interval :: How often may we poll a job's status without hitting limits? || safe polling interval for job status
Bulk export via API :: Is there an endpoint to export all results of a month at once? || api endpoint for monthly export?
Okta SCIM planning :: We plan to provision users from Okta via SCIM next quarter; which attributes are required? || scim attributes needed for okta provisioning
Splunk app version :: Which Splunk versions does your app support? || supported splunk versions for the app
Signature verification example :: Do you have code to verify webhook signatures in Python? || sample code to check webhook hmac
Error code reference :: Is there a list of all API error codes and what they mean? || api error code reference?
""",
("performance", "P4"): """
Does resolution affect speed :: Does a 4K video take much longer to analyse than 1080p? || 4k vs 1080p processing time
Analysis time estimate for batch :: How long would a batch of 1,000 short clips take to process roughly? || rough time for 1000 clips
Faster results with webhooks :: Do we get results faster with webhooks than by polling, or is it the same? || webhooks faster than polling?
Maintenance windows :: When are your maintenance windows, so we can avoid slow processing times? || when is planned maintenance
""",
("security", "P4"): """
Audit log retention :: How long do you keep the audit log of user actions? || audit log retention period?
SSO and security :: Does enforcing SSO improve our security posture in your platform, e.g. session limits? || security benefits of sso in your app
Penetration test frequency :: How often do you run external penetration tests? || pentest frequency?
Data deletion process :: How does deletion work when we delete a video, is it immediate and from backups too? || what happens to backups when we delete
""",
("upload_issues", "P4"): """
Upload from CCTV system :: Can our CCTV system push recordings straight into SecureAI? || direct upload from cctv
Preferred container :: Is MKV or MP4 the better container for uploads? || mkv or mp4 better for upload
Upload progress on mobile :: Does the upload continue if I lock my phone? || upload continues when phone locked?
""",
("billing", "P4"): """
Invoice schedule :: When are invoices issued each month? || what day do invoices come out
Payment in installments :: Can we pay the annual plan in quarterly installments? || quarterly payments for annual plan?
""",
("account_access", "P4"): """
Group-based roles :: Can roles be assigned to groups instead of individual users? || assign roles by group?
MFA recovery options :: What recovery options exist if a user loses their MFA device? || what if someone loses their 2fa phone
""",
("general", "P4"): """
Roadmap for reports :: Are you planning to add scheduled PDF reports to the product? || scheduled pdf reports on the roadmap?
Case study permission :: May we mention SecureAI in our annual report? || can we name you in our annual report
""",
("general", "P3"): """
Printing cuts heatmap :: When I print a result, the heatmap is cut in half. || printed results lose half the heatmap
""",
("performance", "P3"): """
Slow after we passed quota :: Since we passed 10,000 videos, every list view is slower. || list views slower as library grew
""",
("api_integration", "P3"): """
Webhook retries after success :: We answer 200 but you still retry the webhook three times. || webhook retried though we returned 200
""",
}
