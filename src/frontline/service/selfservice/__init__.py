"""Self-service wired into the platform: flow storage and publishing, the fulfiller that answers
the flow runner's requests, chat and voice turns, hand-off to live routing, and callbacks."""
