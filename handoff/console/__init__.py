"""The agent console: server-rendered pages, the ticket views, the dashboard's KPIs,
and the console's templates and static files."""
