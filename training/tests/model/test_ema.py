import pytest
import torch

from posesearch_training.model.ema import ModelEma


def test_ema_follows_the_formula_with_warmup_and_copies_integer_buffers():
    model = torch.nn.BatchNorm1d(2)
    ema = ModelEma(model, decay=0.9)
    with torch.no_grad():
        model.weight.fill_(2.0)
        model.num_batches_tracked.fill_(7)
    ema.update(model)  # decay min(0.9, 1/10) = 0.1: 0.1 * 1 + 0.9 * 2
    assert ema.module.weight.tolist() == pytest.approx([1.9, 1.9])
    assert int(ema.module.num_batches_tracked) == 7
    for _ in range(100):
        ema.update(model)
    assert ema.current_decay() == 0.9
    assert ema.module.weight.tolist() == pytest.approx([2.0, 2.0], abs=1e-4)


def test_ema_does_not_track_gradients():
    ema = ModelEma(torch.nn.Linear(2, 2), decay=0.99)
    assert not any(p.requires_grad for p in ema.module.parameters())
    with pytest.raises(ValueError, match="decay"):
        ModelEma(torch.nn.Linear(2, 2), decay=1.0)
