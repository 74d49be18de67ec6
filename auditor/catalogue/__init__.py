"""The knowledge catalogue: YAML files (each entry with its source) and their loader
(`knowledge.load_knowledge`). See README.md in this folder for the file formats."""
