"""Policy packs, the condition language, evaluation into findings, and the risk score."""
