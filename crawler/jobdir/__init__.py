"""The crawl's job folder for --resume, kept as plain JSON (state and request queue)."""
