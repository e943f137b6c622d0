"""`erbm eval`: retrieval, structure, trust and latency figures anyone can reproduce."""
