"""Voice over TwiML-style webhooks: signatures, webhook forms, TwiML rendering, call handling."""
