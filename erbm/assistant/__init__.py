"""Retrieval and answers behind one facade, ``Assistant``."""
