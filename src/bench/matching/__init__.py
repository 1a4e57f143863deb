"""Pairing gold and predicted items: spans and their views (:mod:`.spans`), the one-to-one
assignment with its written tie rule (:mod:`.assign`), placing string-only predictions on the text
(:mod:`.placement`) and resolving names to canonical entities (:mod:`.names`)."""
