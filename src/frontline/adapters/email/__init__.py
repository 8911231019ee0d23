"""Email channel: SMTP listener, IMAP poller, SMTP sender, MIME parsing, attachment storage."""
