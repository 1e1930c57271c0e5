"""A class of learners sharing one data folder: who they are, where each one's progress is
kept, and what they have done (for the teacher). Pure: no Textual, no network."""
