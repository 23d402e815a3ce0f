"""Pose geometry shared by training, evaluation and the exported graph: 2D normalization
(`normalization2d`, also inside the ONNX graph), 3D normalization and NP-MPJPE (`pose3d`), and the
closed-form 3x3 similarity Procrustes behind it (`procrustes3x3`)."""
