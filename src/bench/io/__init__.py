"""Reading and writing: gold annotations, predictions, JSON Lines."""
