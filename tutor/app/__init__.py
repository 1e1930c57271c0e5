"""The Textual app. Importing this package loads nothing: `tutor.app.main.run_app` starts it."""
