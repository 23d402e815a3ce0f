"""Motion-capture import: BVH files -> the 17-joint 3D pose dataset of docs/data-formats.md.

Modules: `bvh` (reader and forward kinematics), `joint_maps` (rig -> 17 joints),
`body_frame` (a pose's forward/up/left), `tpose` (leading T-pose frames), `resample`
(frame-rate change), `split` (train/val rule for Bandai), `import_cli` (the
`import-mocap` command). See training/docs/data.md.
"""
