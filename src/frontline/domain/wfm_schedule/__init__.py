"""Published schedules and adherence: what each agent is scheduled to do, minute by minute, and
how their live states compare (pure rules; storage and HTTP live in outer layers)."""
