"""Stage 1, load: open an APK or bundle safely (container, archive) and read its manifest
(manifest) and resources table (arsc). Nothing here judges what the app does."""
