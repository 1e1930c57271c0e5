"""Serving a class: `tutor serve ssh` (asyncssh) and `tutor serve web` (textual-serve). Each
learner's app runs in its own process on its own terminal, with that learner's data folder
(see `tutor.classroom.layout`). Needs the optional extra: pip install 'tutor[serve]'."""
