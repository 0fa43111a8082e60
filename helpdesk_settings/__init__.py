"""The settings every package may read: the environment's configuration and the production
checks of secrets. A leaf: it imports nothing of ours."""
