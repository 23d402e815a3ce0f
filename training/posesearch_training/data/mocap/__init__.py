"""Motion-capture import: BVH files -> the 17-joint 3D pose dataset of docs/data-formats.md.

Modules: `bvh` (reader and forward kinematics), `joint_maps` (rig -> 17 joints),
`body_frame` (a pose's forward/up/left), `tpose` (leading T-pose frames), `resample`
(frame-rate change), `split` (train/val rule for Bandai), `asf_amc`, `asf_joint_map` and `hdm05`
(Acclaim ASF/AMC). The `import-mocap` command is commands/import_mocap.py; see training/docs/data.md.
"""
