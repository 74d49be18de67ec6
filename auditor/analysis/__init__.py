"""Stage 2, evidence: turn the opened APK and the catalogue into Evidence, SDKs, endpoints,
permission requests and social-account use. Each module answers one question; the pipeline
runs them in order (auditor/pipeline.py)."""
