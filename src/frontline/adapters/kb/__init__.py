"""Knowledge-base adapters: safe Markdown rendering of articles (search comes with storage)."""
