"""Training, evaluation and ONNX export of the Pr-VIPE pose embedding (docs/model-contract.md)."""
