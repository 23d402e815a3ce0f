"""Measuring a model: cross-view Hit@k (`retrieval`) and its table (`hit_table`), calibration of the
match probability (`retrieved_hits` collects the pairs, `calibration` judges them), and loading a
checkpoint or an exported model to measure (`model_source`)."""
