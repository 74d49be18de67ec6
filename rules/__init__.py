"""Policy packs (YAML data, one file per jurisdiction); shipped in the wheel as auditor.rules."""
