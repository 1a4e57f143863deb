"""Dataset upkeep, the maintainer's side: validating the annotations, building the Hugging Face
dataset and its Croissant metadata, the card's statistics, the citation and the release."""
