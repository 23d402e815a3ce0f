"""`python3 -m posesearch_training import-mocap`: BVH clips -> 3D pose dataset (npz).

Layout of the output: docs/data-formats.md ("3D pose dataset"). Each clip is read, posed
by forward kinematics, mapped to the 17 joints in metres (joint_maps), stripped of leading
T-pose frames (CMU), resampled to --fps, thinned by --stride, and appended. The file is
written to a temporary name beside --out and renamed, so a reader never sees half a file.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ..data.mocap import hdm05, joint_maps
from ..data.mocap.bvh import forward_kinematics, read_bvh
from ..data.mocap.resample import nominal_fps, resample
from ..data.mocap.split import TRAIN, VAL, assign_splits
from ..data.mocap.tpose import leading_tpose_frames
from ..paths import TRAINING_DIR, shared_data_dir
from ..skeleton import NUM_JOINTS_3D


BANDAI_LICENSE = ("CC BY-NC 4.0 (non-commercial) — Bandai Namco Research Motion Dataset, "
                  "(c) 2022 Bandai Namco Research Inc.")
CMU_LICENSE = ("CMU Graphics Lab Motion Capture Database (mocap.cs.cmu.edu): the data is free for use in "
               "research projects and may be included in commercially-sold products, but it may not be resold "
               "directly, even in converted form (i.e. it cannot be sold as a dataset). Acknowledgement: \"The "
               "data used in this project was obtained from mocap.cs.cmu.edu. The database was created with "
               "funding from NSF EIA-0196217.\" Character Creator / iClone BVH conversion from the "
               "IClone-CMU-Mocap repository.")


@dataclass(frozen=True)
class SourceSpec:
    rig: joint_maps.RigMap | None  # None: not BVH (hdm05 is ASF/AMC, see import_clip)
    input_subdir: str
    default_out: str
    license: str
    strip_tpose: bool
    leading_frames_dropped: int = 0  # frames the converter prepended (a rest pose)
    real_fps_by_folder: tuple[tuple[str, float], ...] = ()  # where a header's Frame Time is wrong


ACLSTM_LICENSE = CMU_LICENSE.replace(
    "Character Creator / iClone BVH conversion from the IClone-CMU-Mocap repository.",
    "Subjects 60, 61 (salsa), 94 (Indian dance) and 135 (karate), cgspeed DAZ-friendly BVH as copied in the "
    "Auto_Conditioned_RNN_motion (acLSTM) repository.")

# Held-out takes of cmu-aclstm: one whole take per folder (salsa 15 and 30 are the two partners
# of one recording), so validation never sees a frame of a training take.
ACLSTM_VAL_CLIPS = frozenset({"salsa/15", "salsa/30", "martial/10", "indian/15"})

SOURCES = {
    "bandai": SourceSpec(joint_maps.BANDAI, "mocap/bandai", "data/bandai-30fps.npz", BANDAI_LICENSE, False),
    "cmu": SourceSpec(joint_maps.CMU_CHARACTER_CREATOR, "mocap/cmu-sample", "data/cmu-60fps-to-30.npz",
                      CMU_LICENSE, True),
    # cmu-aclstm/README.md: frame 1 is the converter's rest pose; every header says 120 fps, but the
    # salsa clips are 60 fps in real time (upstream readme).
    "cmu-aclstm": SourceSpec(joint_maps.CMU_DAZ, "mocap/cmu-aclstm", "data/cmu-aclstm-30fps.npz", ACLSTM_LICENSE,
                             False, leading_frames_dropped=1, real_fps_by_folder=(("salsa", 60.0),)),
    "hdm05": SourceSpec(None, "mocap/hdm05-cuts", "data/hdm05-30fps.npz", hdm05.HDM05_LICENSE, False),
}


class MocapImportError(Exception):
    """A problem with the input, reported as one line."""


def clip_name(path: Path, source: str) -> str:
    """The clip's name in the dataset: its stem, prefixed by its folder where stems repeat (cmu-aclstm)."""
    return f"{path.parent.name}/{clip_stem(path)}" if source == "cmu-aclstm" else clip_stem(path)


def clip_stem(path: Path) -> str:
    name = path.name
    for suffix in (".bvh.gz", ".bvh") + hdm05.SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def find_clips(input_dir: Path, source: str = "bandai") -> list[Path]:
    if not input_dir.is_dir():
        raise MocapImportError(f"input folder not found: {input_dir}")
    clips = sorted((p for p in input_dir.rglob("*") if p.name.endswith((".bvh", ".bvh.gz")) and p.is_file()),
                   key=lambda p: clip_name(p, source))
    if not clips:
        raise MocapImportError(f"no .bvh or .bvh.gz files under {input_dir}")
    stems = [clip_name(p, source) for p in clips]
    if len(set(stems)) != len(stems):
        raise MocapImportError(f"two clips with the same name under {input_dir}")
    return clips


def spread_subset(items: list, limit: int | None) -> list:
    """`limit` items evenly spread over the sorted list (all contents/styles represented)."""
    if limit is None or limit >= len(items):
        return items
    if limit <= 0:
        raise MocapImportError(f"--limit-clips must be positive, got {limit}")
    picks = np.unique(np.linspace(0, len(items) - 1, limit).round().astype(int))
    return [items[i] for i in picks]


def import_clip(path: Path, source: str, fps: float, stride: int) -> tuple[np.ndarray, int]:
    """One clip -> (float32 [F, 17, 3] metres at fps, thinned by stride, T-pose frames dropped)."""
    if source == "hdm05":
        return hdm05.import_clip(path, fps, stride), 0
    spec = SOURCES[source]
    clip = read_bvh(path)
    positions, rotations = forward_kinematics(clip, spec.rig.position_channels)
    poses = joint_maps.map_to_skeleton(positions, rotations, clip, spec.rig)
    dropped = spec.leading_frames_dropped + (leading_tpose_frames(poses[spec.leading_frames_dropped:])
                                             if spec.strip_tpose else 0)
    source_fps = dict(spec.real_fps_by_folder).get(path.parent.name, nominal_fps(clip.frame_time))
    poses = resample(poses[dropped:], source_fps, fps)
    return poses[::stride].astype(np.float32), dropped


def _worker(task: tuple[str, str, float, int]) -> tuple[str, np.ndarray | None, int, str | None]:
    path, source, fps, stride = task
    try:
        poses, dropped = import_clip(Path(path), source, fps, stride)
        return path, poses, dropped, None
    except (OSError, ValueError, EOFError) as e:  # unreadable, not gzip, truncated, malformed
        message = str(e)
        return path, None, 0, message if path in message else f"{path}: {message}"


def build_dataset(clips: list[Path], source: str, fps: float, stride: int, workers: int,
                  progress: bool = True, holdout_actor: str | None = None) -> dict[str, np.ndarray]:
    tasks = [(str(p), source, fps, stride) for p in clips]
    results: dict[str, tuple[np.ndarray, int]] = {}
    pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None
    try:
        iterator = pool.imap(_worker, tasks, chunksize=8) if pool else map(_worker, tasks)
        for path, poses, dropped, error in tqdm(iterator, total=len(tasks), desc=f"import {source}",
                                                unit="clip", disable=not progress):
            if error is not None:
                raise MocapImportError(error)
            results[path] = (poses, dropped)
    finally:
        if pool:
            pool.terminate()
    names = [clip_name(p, source) for p in clips]
    arrays = [results[str(p)][0] for p in clips]
    frame_counts = [len(a) for a in arrays]
    if source == "bandai":
        split_of = assign_splits(names)
        splits = [split_of[n] for n in names]
        datasets = sorted({n.split("_", 1)[0] for n in names})
        description = "bandai " + "+".join(datasets)
    elif source == "hdm05":
        splits = hdm05.assign_splits(names, holdout_actor)
        description = hdm05.describe(names, holdout_actor)
    elif source == "cmu-aclstm":
        splits = [VAL if n in ACLSTM_VAL_CLIPS else TRAIN for n in names]
        folders = sorted({p.parent.name for p in clips})
        description = "cmu-aclstm " + "+".join(folders) + " (CMU 60/61/94/135, DAZ BVH, rest frame dropped)"
    else:
        splits = ["test"] * len(names)
        subjects = sorted({p.parent.name for p in clips})
        description = "cmu " + "+".join(subjects) + " (Character Creator BVH, T-pose frames dropped: " + \
            str(sum(results[str(p)][1] for p in clips)) + ")"
    return {
        "poses3d": np.concatenate(arrays).astype(np.float32) if arrays else np.zeros((0, NUM_JOINTS_3D, 3), np.float32),
        "clip_id": np.repeat(np.arange(len(names), dtype=np.int32), frame_counts),
        "frame_index": np.concatenate([np.arange(n, dtype=np.int32) * stride for n in frame_counts]),
        "clip_names": np.array(names, dtype=str),
        "fps": np.array(fps, dtype=np.float32),
        "source": np.array(description),
        "license": np.array(SOURCES[source].license),
        "split": np.repeat(np.array(splits, dtype=str), frame_counts),
    }


def write_npz_atomically(arrays: dict[str, np.ndarray], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            np.savez(f, **arrays)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)  # mkstemp makes it private; give it normal file permissions
        os.replace(temp_name, out)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 -m posesearch_training import-mocap", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, choices=sorted(SOURCES))
    parser.add_argument("--input", type=Path, help="folder searched recursively for .bvh/.bvh.gz "
                        "(default: $POSESEARCH_SHARED_DATA or ../shared/data, then mocap/bandai or mocap/cmu-sample); "
                        "hdm05: .amc/.amc.gz with HDM_<actor>.asf beside them or in ../asf (default mocap/hdm05-cuts)")
    parser.add_argument("--out", type=Path, help="output .npz (default: training/data/bandai-30fps.npz or "
                        "training/data/cmu-60fps-to-30.npz)")
    parser.add_argument("--fps", type=float, default=30.0, help="frame rate of the output (default 30)")
    parser.add_argument("--limit-clips", type=int, help="import only N clips, evenly spread over the sorted names")
    parser.add_argument("--stride", type=int, default=1, help="keep every S-th frame after resampling; "
                        "frame_index keeps counting resampled frames (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="parallel processes (default 2)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--holdout-actor", metavar="ACTOR", help="hdm05 only: that actor's clips are split 'val', "
                        "the others 'train' (default: every clip 'test')")
    args = parser.parse_args(argv)
    if not args.fps > 0:
        parser.error(f"--fps must be positive, got {args.fps}")
    if args.stride < 1:
        parser.error(f"--stride must be at least 1, got {args.stride}")
    if args.workers < 1:
        parser.error(f"--workers must be at least 1, got {args.workers}")
    if args.holdout_actor is not None and args.source != "hdm05":
        parser.error("--holdout-actor is for --source hdm05 only")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    spec = SOURCES[args.source]
    input_dir = args.input if args.input is not None else shared_data_dir() / spec.input_subdir
    out = args.out if args.out is not None else TRAINING_DIR / spec.default_out
    try:
        clips = spread_subset((hdm05.find_clips(input_dir) if args.source == "hdm05" else find_clips(input_dir, args.source)),
                              args.limit_clips)
        if args.source == "hdm05":  # an unknown --holdout-actor fails before the import, not after
            hdm05.assign_splits([clip_stem(p) for p in clips], args.holdout_actor)
        arrays = build_dataset(clips, args.source, args.fps, args.stride, args.workers,
                               progress=not args.no_progress, holdout_actor=args.holdout_actor)
    except (MocapImportError, OSError, ValueError) as e:
        print(f"import-mocap: error: {e}", file=sys.stderr)
        return 1
    try:
        write_npz_atomically(arrays, out)
    except OSError as e:
        print(f"import-mocap: error: cannot write {out}: {e}", file=sys.stderr)
        return 1
    split = arrays["split"]
    counts = ", ".join(f"{name} {int(np.sum(split == name))}" for name in (TRAIN, VAL, "test")
                       if np.any(split == name))
    print(f"wrote {out}: {len(arrays['clip_names'])} clips, {len(split)} frames at {args.fps:g} fps ({counts})")
    return 0
