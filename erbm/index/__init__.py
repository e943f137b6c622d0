"""Dense (Chroma) and lexical (BM25) indexes over chunks."""
