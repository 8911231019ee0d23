"""Password hashing, bearer tokens, the signing secret and login throttling."""
