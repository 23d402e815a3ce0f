"""Training-time augmentation (model v2): 3D pose-space transforms before the random cameras and
2D detector-style corruptions after them. Each transform is one small object with a test
(tests/augment/); `pipeline.py` composes them from one config.

The 3D label of every augmented pose is the augmented pose itself, so NP-MPJPE mining and the
positive pairs stay exact: both views of a training pair see the same augmented body.
"""
