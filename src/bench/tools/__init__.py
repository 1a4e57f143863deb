"""Tools built on the scorer: inter-annotator agreement, the leaderboard and the LLM prompt recipe."""
