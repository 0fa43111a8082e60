"""The channels around the ticket store: live chat, inbound email, satisfaction surveys,
quarantined mail, bot sessions."""
