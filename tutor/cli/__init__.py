"""The `tutor` command line. Only `tutor` / `tutor practice` load the Textual app."""
