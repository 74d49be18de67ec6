"""JSON Schemas of auditor's outputs and inputs (data only)."""
