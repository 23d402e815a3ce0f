"""The model and what trains it: the network and `PrVipe.encode` (`network`), the learned match
probability (`match_probability`), the losses (`losses`), semi-hard negative mining (`miner`), the
EMA of the weights (`ema`), checkpoints (`checkpoint`) and warm starts (`warm_start`)."""
