"""What the service sends or starts by itself: customer emails and notices, texts, callback
calls through Twilio, tracking links, and the scheduler step that drives them."""
