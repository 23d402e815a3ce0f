"""The training loop: one step (`training_step`: embed, mine, losses), the loop with its schedule,
EMA, validation and checkpoints (`trainer`), and the curves it draws (`plots`)."""
