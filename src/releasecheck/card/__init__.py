"""The input side: loading a card's bytes and validating them into a Card."""
