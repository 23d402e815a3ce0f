"""What ships to the service (docs/model-contract.md): the ONNX graph and its checks (`onnx_graph`),
test vectors (`test_vectors`), the model card (`model_card`), repository-relative paths
(`portable_paths`), and reading an exported model's weights back (`onnx_weights`)."""
