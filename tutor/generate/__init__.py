"""Packs made by the tutor rather than written by an author: from a learner's own model
(`model_pack`) and endless drills of random valid layers (`drills`)."""
