"""Intent-recognising bot models: training, calibration, storage and inference.

The default model needs nothing beyond scikit-learn (TF-IDF word and character n-grams into a
linear classifier). With the optional ``bot`` extra installed, sentence embeddings from the
packaged all-MiniLM-L6-v2 encoder are added to the features, which lifts BANKING77 accuracy by
about two points. A model folder records which featuriser it needs, so loading one whose
featuriser is missing fails with a clear message instead of a wrong answer.
"""
