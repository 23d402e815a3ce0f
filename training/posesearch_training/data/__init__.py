"""Where poses come from: the 3D pose dataset npz (`dataset`), motion-capture import (`mocap/`),
synthetic poses for tests (`synthetic_poses`), the cameras that turn 3D poses into 2D keypoints
(`random_camera`, `h36m_rig`) and the training pairs built from them (`pair_sampler`)."""
