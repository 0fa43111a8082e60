"""A ninth round: everyday wordings of the commonest problems, told the way people
actually write when they are in a hurry (format: see scenarios_access_upload)."""

CELLS = {
("account_access", "P3"): """
Can't get into my account :: I can't get into my account anymore, it just says the login details are wrong, but I'm sure they're right. || cant get into my account, says wrong details
Two factor code never arrives by SMS :: The SMS with my verification code never arrives, so I'm stuck at login. Colleagues get theirs. || not getting the sms code to log in
Need access to the team workspace :: I joined the team last week but still don't have access to our workspace. My manager invited me. || new on the team, still no access to the workspace
""",
("account_access", "P4"): """
Change email used to log in :: How do I change the email address I use to log in? || update my login email how
Who is our admin :: How do I find out who the administrator of our account is? || who is the admin of our org account
""",
("upload_issues", "P3"): """
Video won't upload :: My video just won't upload. I tried three times, it gets to the end and says failed. || video wont upload, fails at the end every time
Upload says network error :: Every time I upload this one file I get "network error", the internet is fine. || network error uploading one file
""",
("upload_issues", "P4"): """
Can I upload audio :: Can I upload just an audio file to check a voice recording? || are audio files accepted for upload
""",
("api_integration", "P3"): """
Getting 401 with our key :: Our script gets 401 Unauthorized since we regenerated the key yesterday, even with the new one in the header. Manual checks in the app are fine. || 401 since regenerating the key
Webhook not firing for some jobs :: The webhook doesn't fire for some of our jobs, maybe one in ten. || webhooks missing for some jobs
""",
("api_integration", "P4"): """
How to authenticate :: How do I authenticate against the API, bearer token or basic auth? || which auth method does the api use
""",
("performance", "P3"): """
Everything feels slow today :: Everything in the app feels slow today, pages take 10+ seconds. We can still work. || app really slow today but usable
Analysis taking hours :: My analysis has been running for two hours on a 10 minute video. Normally it's 15 minutes. || analysis running for hours on a short video
""",
("performance", "P2"): """
App too slow to work :: The app has been so slow since this morning that our whole team can't get through the queue; each result takes minutes to open. || team can't work, every result takes minutes to open
""",
("billing", "P3"): """
Why was I charged more :: Why is this month's charge higher than usual? We didn't add users. || charge higher than normal this month
Cancel and refund :: We want to cancel our subscription and get a refund for this month, we haven't used it. || cancel and refund the unused month
""",
("billing", "P4"): """
How to upgrade :: How do we upgrade from Starter to Professional? || steps to upgrade our plan
""",
("security", "P1"): """
Someone else in our account :: Someone else is in our account right now, we see a session from an unknown location and our files are being downloaded. || unknown session downloading our files right now
""",
("security", "P2"): """
Got a weird login alert :: I got an email saying someone logged into my account from another country. I changed my password; nothing looks different. Can you check? || login alert from another country, changed password, please check
""",
("security", "P4"): """
Is our data safe question :: Is our data safe with you? Our management wants to know how you protect uploaded videos. || how do you protect our uploaded videos
""",
("general", "P4"): """
How to get started :: We just signed up, where do we start? || new here, how do we begin
Can I see an example report :: Can I see an example report before we roll this out to the team? || sample report available?
Suggestion about emails :: Suggestion: let us choose which emails we get from the platform. || would like to pick which notifications i receive
""",
("general", "P3"): """
Something looks off in results :: Something looks off in my results: the same video shows two different scores in the list and in the detail page. || list and detail page show different scores
""",
}
