"""Learner progress: attempts and scores kept in SQLite under the user data folder."""
