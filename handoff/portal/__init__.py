"""The customer portal: sign-in, the customer's side of a ticket, pages, templates and static files."""
