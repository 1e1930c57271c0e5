"""Remember it: spaced review (FSRS) replayed from the progress log, the learner's own
mistakes and history, and progress that moves between machines. Pure core: no Textual."""
