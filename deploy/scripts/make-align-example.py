"""Writes two pose sequence files for `posesearch align` from a held-out cmu-aclstm clip (docs/api.md, docs/benchmarks.md).

A: camera 54138969 of the H36M rig, frames 60..119 of the clip (2 s). B: camera 58860488, the whole 8 s take
replayed at 0.8x speed (so A's stretch is B frames 75..149). Run from the repository root:
    $PYTHON deploy/scripts/make-align-example.py OUT_A.json OUT_B.json
then  posesearch align OUT_A.json OUT_B.json --subsequence --out docs/images/align-example
"""
import json
import sys

import numpy as np

sys.path.insert(0, "training")
from posesearch_training.data.h36m_rig import load_rig, place_at_rig_origin  # noqa: E402

MODEL_JOINTS = [9, 11, 14, 12, 15, 13, 16, 4, 1, 5, 2, 6, 3]  # docs/model-contract.md


def sequence(camera, world, first_frame):
    pixels = camera.project(world[:, MODEL_JOINTS])
    return {"frames": [{"frame": int(first_frame + i), "pose": {"layout": "model13",
            "keypoints": [{"x": float(x), "y": float(y)} for x, y in pose]}} for i, pose in enumerate(pixels)]}


def main(out_a, out_b):
    data = np.load("training/data/cmu-aclstm-30fps.npz")
    rows = np.where(data["split"] == "val")[0]
    clip = data["clip_id"][rows[0]]
    rows = rows[data["clip_id"][rows] == clip][:240]
    world = place_at_rig_origin(data["poses3d"][rows])
    cameras = load_rig("../shared/data/cameras/h36m-cameras.json")
    with open(out_a, "w") as f:
        json.dump(sequence(cameras[0], world[60:120], 60), f)
    times = np.arange(0, len(rows) - 1, 0.8)
    lower = np.floor(times).astype(int)
    weight = (times - lower)[:, None, None]
    warped = world[lower] * (1 - weight) + world[np.minimum(lower + 1, len(rows) - 1)] * weight
    with open(out_b, "w") as f:
        json.dump(sequence(cameras[2], warped, 0), f)
    print(f"{data['clip_names'][clip]}: A = 60 frames, B = {len(times)} frames")


if __name__ == "__main__":
    main(*sys.argv[1:3])
