"""HDM05 cut clips (Acclaim ASF/AMC, 120 fps) -> 17-joint poses, for `import-mocap --source hdm05`.

Layout (../shared/data/mocap/hdm05-cuts): `amc/HDM_<actor>_<motion>_<take>_<fps>.amc.gz`
and one skeleton per actor, `asf/HDM_<actor>.asf`. The actor and the frame rate come from
the file name; a clip's skeleton is `HDM_<actor>.asf` in the AMC file's folder or in an
`asf/` folder beside it. Split: every clip is "test" (a cross-dataset evaluation set), or,
with a held-out actor, that actor's clips are "val" and the others "train".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .asf_amc import AsfSkeleton, forward_kinematics, read_amc, read_asf
from .asf_joint_map import ACCLAIM_VICON, map_to_skeleton
from .resample import resample

HDM05_LICENSE = (
    "CC BY-SA 3.0 (share-alike) — Motion Capture Database HDM05. \"The data used in this project was obtained "
    "from HDM05.\" M. Müller, T. Röder, M. Clausen, B. Eberhardt, B. Krüger, A. Weber: Documentation Mocap "
    "Database HDM05. Technical report CG-2007-2, ISSN 1610-8892, Universität Bonn, June 2007. "
    "https://creativecommons.org/licenses/by-sa/3.0/ — a redistributed copy or adaptation (this file included) "
    "must stay under CC BY-SA 3.0 with this attribution.")

_NAME = re.compile(r"^HDM_([A-Za-z0-9]+)_(.+)_(\d+)_(\d+)$")
SUFFIXES = (".amc.gz", ".amc")


@dataclass(frozen=True)
class ClipName:
    actor: str
    motion: str
    take: int
    fps: int


def clip_stem(path: Path) -> str:
    name = Path(path).name
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return Path(path).stem


def parse_clip_name(stem: str) -> ClipName:
    """`HDM_bd_squat1Reps_001_120` -> ClipName("bd", "squat1Reps", 1, 120)."""
    match = _NAME.match(stem)
    if match is None or int(match.group(4)) <= 0:
        raise ValueError(f"clip name {stem!r} is not HDM_<actor>_<motion>_<take>_<fps>")
    return ClipName(match.group(1), match.group(2), int(match.group(3)), int(match.group(4)))


def asf_candidates(amc_path: Path) -> tuple[Path, Path]:
    name = f"HDM_{parse_clip_name(clip_stem(amc_path)).actor}.asf"
    return amc_path.parent / name, amc_path.parent.parent / "asf" / name


def asf_for(amc_path: Path) -> Path:
    candidates = asf_candidates(amc_path)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ValueError(f"{amc_path}: no skeleton file, looked for {' and '.join(str(c) for c in candidates)}")


def find_clips(input_dir: Path) -> list[Path]:
    """The .amc/.amc.gz files under input_dir, sorted by name; each must have a parsable name and a skeleton."""
    if not input_dir.is_dir():
        raise ValueError(f"input folder not found: {input_dir}")
    clips = sorted((p for p in input_dir.rglob("*") if p.name.endswith(SUFFIXES) and p.is_file()), key=clip_stem)
    if not clips:
        raise ValueError(f"no .amc or .amc.gz files under {input_dir}")
    stems = [clip_stem(p) for p in clips]
    if len(set(stems)) != len(stems):
        raise ValueError(f"two clips with the same name under {input_dir}")
    for path in clips:
        try:
            asf_for(path)
        except ValueError as e:
            raise ValueError(f"{path}: {e}" if str(path) not in str(e) else str(e)) from None
    return clips


@functools.lru_cache(maxsize=32)
def _skeleton(asf_path: str) -> AsfSkeleton:
    return read_asf(asf_path)


def import_clip(path: Path, fps: float, stride: int) -> np.ndarray:
    """One AMC clip -> float32 [F, 17, 3] metres, resampled from the name's frame rate to fps, thinned by stride."""
    path = Path(path)
    name = parse_clip_name(clip_stem(path))
    skeleton = _skeleton(str(asf_for(path)))
    motion = read_amc(path, skeleton)
    poses = map_to_skeleton(*forward_kinematics(skeleton, motion), skeleton, ACCLAIM_VICON)
    return resample(poses, float(name.fps), fps)[::stride].astype(np.float32)


def assign_splits(names: list[str], holdout_actor: str | None = None) -> list[str]:
    """Per clip: "test", or with holdout_actor "val" for that actor's clips and "train" for the rest."""
    actors = [parse_clip_name(n).actor for n in names]
    if holdout_actor is None:
        return ["test"] * len(names)
    if holdout_actor not in actors:
        raise ValueError(f"--holdout-actor {holdout_actor}: no clip of that actor among the {len(names)} clips "
                         f"(actors: {', '.join(sorted(set(actors)))})")
    return ["val" if actor == holdout_actor else "train" for actor in actors]


def describe(names: list[str], holdout_actor: str | None = None) -> str:
    actors = sorted({parse_clip_name(n).actor for n in names})
    rates = sorted({parse_clip_name(n).fps for n in names})
    text = f"hdm05 {'+'.join(actors)} (ASF/AMC cuts, {'/'.join(map(str, rates))} fps)"
    return text + (f", actor {holdout_actor} held out as val" if holdout_actor else "")
