"""Acclaim ASF/AMC reader (skeleton .asf, motion .amc or .amc.gz) and vectorized forward kinematics.

The format of the CMU mocap release and of HDM05; no bone names are assumed here (the
17-joint map is asf_joint_map.py). Conventions:
- ASF `:units`: `length L` (one file unit is 1/L inch; CMU and HDM05 have L = 0.45),
  `angle deg|rad` (the unit of the ASF `axis`/`orientation` values), `mass` ignored.
- A bone's `direction` is a unit vector in the world frame of the rest pose (all AMC
  values zero; it is normalized here if it is not), its `length` is in file units.
- Euler angles are rotations about fixed axes applied in the listed order (column
  vectors): `axis a b c XYZ` gives C = Rz(c) Ry(b) Rx(a); AMC values for `dof rx ry rz`
  give M = Rz(rz) Ry(ry) Rx(rx); any other order or subset likewise (the first listed
  is applied first). A bone's local rotation is L = C M C^-1, its global G = G_parent L.
- A bone starts at its parent's end and ends at start + G (direction * length).
- The root: `order` names the AMC root columns (TX TY TZ RX RY RZ, any order or subset);
  its position is the ASF `position` plus (TX, TY, TZ); its rotation is C M C^-1 with M
  from the R columns in `order` and C from `orientation` in the root `axis` order (zero
  in CMU and HDM05). The root is bone 0 here: start = end = its position.
- AMC: `:FULLY-SPECIFIED`, `:DEGREES` (or `:RADIANS`; without either, the ASF angle
  unit); then frames: a frame number line, and one line `bone v1 v2 ...` per bone with
  its values in `dof` order. A bone missing from a frame has zero rotation (a missing
  root: zero translation and rotation). Frame numbers must count up by one.
Positions come out in metres: file units * 0.0254 / L.
Malformed files raise ValueError("<file>, line <n>: <problem>").
"""
from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .bvh import euler_to_matrix

METRES_PER_INCH = 0.0254
ROTATION_DOFS = ("rx", "ry", "rz")
TRANSLATION_DOFS = ("tx", "ty", "tz")
ROOT = "root"


@dataclass(frozen=True)
class AsfBone:
    name: str
    parent: int  # index into AsfSkeleton.bones; -1 for the root
    direction: tuple[float, float, float]  # unit vector, world frame at rest (zero for the root)
    length: float  # file units
    axis: tuple[float, float, float]  # degrees, in the order of axis_order (the root: its orientation)
    axis_order: str  # e.g. "XYZ"
    dof: tuple[str, ...]  # AMC columns in order: rx/ry/rz; the root also tx/ty/tz
    bone_id: int | None = None


@dataclass(frozen=True)
class AsfSkeleton:
    bones: tuple[AsfBone, ...]  # bones[0] is the root; parents come before their children
    length_unit: float  # `:units length` (a file unit is 1/length_unit inch)
    angle_unit: str  # "deg" or "rad"
    root_position: tuple[float, float, float]  # file units
    source: str

    @property
    def metres_per_unit(self) -> float:
        return METRES_PER_INCH / self.length_unit

    @property
    def bone_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.bones)

    def index(self, name: str) -> int:
        for i, bone in enumerate(self.bones):
            if bone.name == name:
                return i
        raise KeyError(f"{self.source}: no bone named {name!r}")


@dataclass(frozen=True)
class AmcMotion:
    values: tuple[np.ndarray, ...]  # per skeleton bone: float64 [F, len(dof)], angles in degrees
    frame_numbers: np.ndarray  # int64 [F], as in the file
    source: str

    @property
    def num_frames(self) -> int:
        return int(self.frame_numbers.shape[0])


def _read_text(path: Path) -> str:
    with open(path, "rb") as f:
        data = f.read()
    if path.name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)  # OSError (BadGzipFile) or EOFError when it is not whole gzip
    return data.decode("utf-8", "replace")  # HDM05 has Latin-1 in a comment line


# ---------------------------------------------------------------------------------------------
# ASF


def read_asf(path: str | Path) -> AsfSkeleton:
    path = Path(path)
    return parse_asf(_read_text(path), source=str(path))


class _Lines:
    """Non-empty, non-comment lines with their 1-based line numbers."""

    def __init__(self, text: str, source: str):
        self.items = [(n, line.split()) for n, line in enumerate(text.splitlines(), 1)
                      if line.strip() and not line.lstrip().startswith("#")]
        self.pos = 0
        self.source = source

    def error(self, line: int | None, problem: str) -> ValueError:
        where = f"line {line}" if line is not None else "end of file"
        return ValueError(f"{self.source}, {where}: {problem}")

    def peek(self) -> tuple[int, list[str]] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def next(self, what: str) -> tuple[int, list[str]]:
        item = self.peek()
        if item is None:
            raise self.error(None, f"file ends early, expected {what}")
        self.pos += 1
        return item


def _numbers(lines: _Lines, line: int, tokens: list[str], count: int, what: str) -> tuple[float, ...]:
    if len(tokens) < count:
        raise lines.error(line, f"{what} needs {count} numbers, found {len(tokens)}")
    try:
        values = tuple(float(t) for t in tokens[:count])
    except ValueError:
        raise lines.error(line, f"{what} must be numbers, found {' '.join(tokens[:count])!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise lines.error(line, f"{what} must be finite, found {' '.join(tokens[:count])!r}")
    return values


def _axis_order(lines: _Lines, line: int, token: str, what: str) -> str:
    order = token.upper()
    if len(order) != 3 or set(order) != set("XYZ"):
        raise lines.error(line, f"{what} order must be a permutation of XYZ, found {token!r}")
    return order


def parse_asf(text: str, source: str = "<asf>") -> AsfSkeleton:
    """Parses ASF text; raises ValueError naming the source, the line and the problem."""
    lines = _Lines(text, source)
    length_unit, angle_unit = 1.0, "deg"
    root = {"order": ("tx", "ty", "tz", "rx", "ry", "rz"), "axis": "XYZ", "position": (0.0, 0.0, 0.0),
            "orientation": (0.0, 0.0, 0.0)}
    bones: list[dict] = []  # in file order, each with its "line"
    links: list[tuple[int, str, list[str]]] = []  # (line, parent, children) per :hierarchy line
    hierarchy_line: int | None = None
    seen_sections: set[str] = set()

    while lines.peek() is not None:
        line, tokens = lines.next("a section")
        keyword = tokens[0]
        if not keyword.startswith(":"):
            raise lines.error(line, f"expected a ':section' keyword, found {keyword!r}")
        section = keyword.lower()
        if section in seen_sections and section in (":units", ":root", ":bonedata", ":hierarchy"):
            raise lines.error(line, f"section {keyword} appears twice")
        seen_sections.add(section)
        body = _section_body(lines)
        if section == ":units":
            for n, parts in body:
                key = parts[0].lower()
                if key == "length":
                    (length_unit,) = _numbers(lines, n, parts[1:], 1, "units length")
                    if not length_unit > 0:
                        raise lines.error(n, f"units length must be positive, found {parts[1]}")
                elif key == "angle":
                    if len(parts) < 2 or parts[1].lower() not in ("deg", "degree", "degrees", "rad", "radian",
                                                                  "radians"):
                        raise lines.error(n, f"units angle must be deg or rad, found {' '.join(parts[1:])!r}")
                    angle_unit = "rad" if parts[1].lower().startswith("rad") else "deg"
        elif section == ":root":
            for n, parts in body:
                key = parts[0].lower()
                if key == "order":
                    order = tuple(p.lower() for p in parts[1:])
                    for channel in order:
                        if channel not in ROTATION_DOFS + TRANSLATION_DOFS:
                            raise lines.error(n, f"root order: unknown channel {channel!r} "
                                                 "(expected TX TY TZ RX RY RZ)")
                    if len(set(order)) != len(order):
                        raise lines.error(n, f"root order repeats a channel: {' '.join(parts[1:])}")
                    root["order"] = order
                elif key == "axis":
                    if len(parts) != 2:
                        raise lines.error(n, "root axis must be one word such as XYZ")
                    root["axis"] = _axis_order(lines, n, parts[1], "root axis")
                elif key in ("position", "orientation"):
                    root[key] = _numbers(lines, n, parts[1:], 3, f"root {key}")
        elif section == ":bonedata":
            bones = _parse_bonedata(lines, body)
        elif section == ":hierarchy":
            hierarchy_line = line
            links = _parse_hierarchy(lines, line, body)
        # :version, :name, :documentation and unknown sections are skipped

    scale = 1.0 if angle_unit == "deg" else 180.0 / math.pi
    by_name = {b["name"]: b for b in bones}
    children: dict[str, list[str]] = {}
    for n, parent, names in links:
        for name in [parent] + names:
            if name != ROOT and name not in by_name:
                raise lines.error(n, f"hierarchy: unknown bone {name!r}")
        children.setdefault(parent, []).extend(names)
    ordered: list[AsfBone] = [AsfBone(ROOT, -1, (0.0, 0.0, 0.0), 0.0,
                                      tuple(v * scale for v in root["orientation"]), root["axis"],
                                      root["order"])]
    index = {ROOT: 0}
    queue = [ROOT]
    while queue:
        parent = queue.pop(0)
        for name in children.get(parent, []):
            b = by_name[name]
            index[name] = len(ordered)
            ordered.append(AsfBone(name, index[parent], b["direction"], b["length"],
                                   tuple(v * scale for v in b["axis"]), b["axis_order"], b["dof"], b["id"]))
            queue.append(name)
    unreached = [b for b in bones if b["name"] not in index]
    if unreached:
        first = unreached[0]
        problem = (f"bone {first['name']!r} is not connected to the root in :hierarchy"
                   if hierarchy_line is not None else "no :hierarchy section")
        raise lines.error(first["name_line"], problem)
    return AsfSkeleton(bones=tuple(ordered), length_unit=length_unit, angle_unit=angle_unit,
                       root_position=root["position"], source=source)


def _section_body(lines: _Lines) -> list[tuple[int, list[str]]]:
    body = []
    while lines.peek() is not None and not lines.peek()[1][0].startswith(":"):
        body.append(lines.next("a line"))
    return body


def _parse_bonedata(lines: _Lines, body: list[tuple[int, list[str]]]) -> list[dict]:
    bones: list[dict] = []
    names: set[str] = set()
    i = 0
    while i < len(body):
        line, tokens = body[i]
        if tokens[0].lower() != "begin":
            raise lines.error(line, f"bonedata: expected 'begin', found {tokens[0]!r}")
        bone: dict = {"line": line, "id": None, "axis": (0.0, 0.0, 0.0), "axis_order": "XYZ", "dof": ()}
        i += 1
        while True:
            if i >= len(body):
                raise lines.error(None, f"bonedata: the bone that begins on line {line} has no 'end'")
            n, parts = body[i]
            i += 1
            key = parts[0].lower()
            if key == "end":
                break
            if key == "begin":
                raise lines.error(n, f"bonedata: 'begin' inside the bone that begins on line {line} (missing 'end')")
            if key == "id":
                bone["id"] = int(_numbers(lines, n, parts[1:], 1, "id")[0])
            elif key == "name":
                if len(parts) != 2:
                    raise lines.error(n, "bone name must be one word")
                if parts[1] in names or parts[1] == ROOT:
                    raise lines.error(n, f"bone name {parts[1]!r} is used twice")
                bone["name"] = parts[1]
                bone["name_line"] = n
                names.add(parts[1])
            elif key == "direction":
                direction = np.array(_numbers(lines, n, parts[1:], 3, "direction"))
                norm = float(np.linalg.norm(direction))
                bone["direction"] = tuple(float(v) for v in (direction / norm if norm > 0 else direction))
            elif key == "length":
                (length,) = _numbers(lines, n, parts[1:], 1, "length")
                if length < 0:
                    raise lines.error(n, f"length must not be negative, found {parts[1]}")
                bone["length"] = length
            elif key == "axis":
                bone["axis"] = _numbers(lines, n, parts[1:], 3, "axis")
                if len(parts) != 5:
                    raise lines.error(n, "axis needs three angles and an order such as XYZ")
                bone["axis_order"] = _axis_order(lines, n, parts[4], "axis")
            elif key == "dof":
                dof = tuple(p.lower() for p in parts[1:])
                for channel in dof:
                    if channel not in ROTATION_DOFS:
                        raise lines.error(n, f"dof {channel!r} is not supported (only rx ry rz)")
                if len(set(dof)) != len(dof):
                    raise lines.error(n, f"dof repeats a channel: {' '.join(parts[1:])}")
                bone["dof"] = dof
            # limits and its continuation lines "(lo hi)", bodymass, cofmass, ...: ignored
        for key in ("name", "direction", "length"):
            if key not in bone:
                raise lines.error(line, f"bonedata: the bone that begins here has no {key}")
        bones.append(bone)
    return bones


def _parse_hierarchy(lines: _Lines, line: int, body: list[tuple[int, list[str]]]
                     ) -> list[tuple[int, str, list[str]]]:
    """(line, parent, children) per line; a parent may have more than one line."""
    links: list[tuple[int, str, list[str]]] = []
    if not body or body[0][1][0].lower() != "begin":
        raise lines.error(body[0][0] if body else line, "hierarchy must start with 'begin'")
    if body[-1][1][0].lower() != "end":
        raise lines.error(body[-1][0], "hierarchy must end with 'end'")
    attached: set[str] = set()
    for n, parts in body[1:-1]:
        parent, names = parts[0], parts[1:]
        for name in names:
            if name == ROOT or name in attached:
                raise lines.error(n, f"hierarchy: bone {name!r} has two parents")
            attached.add(name)
        links.append((n, parent, names))
    return links


# ---------------------------------------------------------------------------------------------
# AMC


def read_amc(path: str | Path, skeleton: AsfSkeleton) -> AmcMotion:
    """Reads a .amc file (gzip-compressed when its name ends in .gz or its bytes say so)."""
    path = Path(path)
    return parse_amc(_read_text(path), skeleton, source=str(path))


def parse_amc(text: str, skeleton: AsfSkeleton, source: str = "<amc>") -> AmcMotion:
    """Parses AMC text against `skeleton`; raises ValueError naming the source, the line and the problem."""
    def error(line: int, problem: str) -> ValueError:
        return ValueError(f"{source}, line {line}: {problem}")

    lookup = {b.name: (i, len(b.dof)) for i, b in enumerate(skeleton.bones)}
    rows: list[list[list[str]]] = [[] for _ in skeleton.bones]  # per bone: value tokens
    row_frames: list[list[int]] = [[] for _ in skeleton.bones]  # per bone: frame index of each row
    row_lines: list[list[int]] = [[] for _ in skeleton.bones]
    frame_numbers: list[int] = []
    angle_unit = skeleton.angle_unit
    frame = -1
    for n, raw in enumerate(text.splitlines(), 1):
        parts = raw.split()
        if not parts:
            continue
        head = parts[0]
        if head[0] == "#":
            continue
        if head[0] == ":":
            keyword = head.upper()
            if keyword == ":DEGREES":
                angle_unit = "deg"
            elif keyword == ":RADIANS":
                angle_unit = "rad"
            continue  # :FULLY-SPECIFIED and others
        if len(parts) == 1 and (head.isdigit() or (head[0] == "-" and head[1:].isdigit())):
            number = int(head)
            if frame_numbers and number != frame_numbers[-1] + 1:
                raise error(n, f"frame number {number} follows frame {frame_numbers[-1]} (frames must count up by one)")
            frame_numbers.append(number)
            frame += 1
            continue
        entry = lookup.get(head)
        if entry is None:
            raise error(n, f"bone {head!r} is not in the skeleton {skeleton.source}")
        bone, count = entry
        if frame < 0:
            raise error(n, f"bone {head!r} comes before the first frame number")
        if len(parts) - 1 != count:
            raise error(n, f"bone {head!r} needs {count} values (its dof) but has {len(parts) - 1}")
        if row_frames[bone] and row_frames[bone][-1] == frame:
            raise error(n, f"bone {head!r} appears twice in frame {frame_numbers[-1]}")
        rows[bone].append(parts[1:])
        row_frames[bone].append(frame)
        row_lines[bone].append(n)
    num_frames = len(frame_numbers)
    scale = 1.0 if angle_unit == "deg" else 180.0 / math.pi
    values = []
    for bone, spec in enumerate(skeleton.bones):
        array = np.zeros((num_frames, len(spec.dof)))
        if rows[bone]:
            try:
                bone_values = np.array(rows[bone], dtype=np.float64)
            except ValueError:
                for line, tokens in zip(row_lines[bone], rows[bone]):
                    for token in tokens:
                        try:
                            float(token)
                        except ValueError:
                            raise error(line, f"bone {spec.name!r}: {token!r} is not a number") from None
                raise
            bad = ~np.all(np.isfinite(bone_values), axis=1)
            if bad.any():
                raise error(row_lines[bone][int(np.argmax(bad))], f"bone {spec.name!r}: NaN or infinite value")
            rotation_columns = [k for k, d in enumerate(spec.dof) if d in ROTATION_DOFS]
            bone_values[:, rotation_columns] *= scale
            array[row_frames[bone]] = bone_values
        values.append(array)
    return AmcMotion(values=tuple(values), frame_numbers=np.array(frame_numbers, dtype=np.int64), source=source)


def rest_motion(skeleton: AsfSkeleton, num_frames: int = 1) -> AmcMotion:
    """All values zero: the ASF rest pose (the root at its `position`)."""
    return AmcMotion(values=tuple(np.zeros((num_frames, len(b.dof))) for b in skeleton.bones),
                     frame_numbers=np.arange(1, num_frames + 1, dtype=np.int64), source=f"{skeleton.source} (rest)")


# ---------------------------------------------------------------------------------------------
# Forward kinematics


def fixed_axis_rotation(angles_deg: np.ndarray, axes: str) -> np.ndarray:
    """Rotations about fixed axes applied in the order of `axes`: "XYZ" -> Rz(a2) Ry(a1) Rx(a0).

    angles_deg: [..., len(axes)]; returns [..., 3, 3] (identity for no axes)."""
    angles = np.asarray(angles_deg, dtype=np.float64)
    if not axes:
        return np.broadcast_to(np.eye(3), angles.shape[:-1] + (3, 3)).copy()
    return euler_to_matrix(angles[..., ::-1], axes[::-1])


def forward_kinematics(skeleton: AsfSkeleton, motion: AmcMotion) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All frames at once -> (starts [F, B, 3] metres, ends [F, B, 3] metres, global rotations [F, B, 3, 3]).

    Bone order is skeleton.bones (bone 0 = root, whose start and end are the root position)."""
    if len(motion.values) != len(skeleton.bones):
        raise ValueError(f"{motion.source}: motion was read against a different skeleton than {skeleton.source}")
    num_frames, num_bones = motion.num_frames, len(skeleton.bones)
    local = _local_rotations(skeleton, motion)
    scale = skeleton.metres_per_unit
    starts = np.empty((num_frames, num_bones, 3))
    ends = np.empty((num_frames, num_bones, 3))
    rotations = np.empty((num_frames, num_bones, 3, 3))
    for b, bone in enumerate(skeleton.bones):
        if bone.parent < 0:
            position = np.broadcast_to(np.asarray(skeleton.root_position, dtype=np.float64), (num_frames, 3)).copy()
            for k, channel in enumerate(bone.dof):
                if channel in TRANSLATION_DOFS:
                    position[:, TRANSLATION_DOFS.index(channel)] += motion.values[b][:, k]
            starts[:, b] = ends[:, b] = position * scale
            rotations[:, b] = local[b]
            continue
        rotations[:, b] = rotations[:, bone.parent] @ local[b]
        starts[:, b] = ends[:, bone.parent]
        offset = np.asarray(bone.direction) * (bone.length * scale)
        ends[:, b] = starts[:, b] + rotations[:, b] @ offset
    return starts, ends, rotations


def _local_rotations(skeleton: AsfSkeleton, motion: AmcMotion) -> list[np.ndarray]:
    """Per bone: C M C^-1, [F, 3, 3]. Bones with the same rotation dof order are converted together."""
    num_frames = motion.num_frames
    groups: dict[str, list[int]] = {}
    for b, bone in enumerate(skeleton.bones):
        axes = "".join(d[1].upper() for d in bone.dof if d in ROTATION_DOFS)
        groups.setdefault(axes, []).append(b)
    result: list[np.ndarray] = [np.empty(0)] * len(skeleton.bones)
    for axes, members in groups.items():
        if not axes:
            for b in members:
                result[b] = np.broadcast_to(np.eye(3), (num_frames, 3, 3))
            continue
        angles = np.stack([motion.values[b][:, [k for k, d in enumerate(skeleton.bones[b].dof) if d in ROTATION_DOFS]]
                           for b in members], axis=1)  # [F, G, len(axes)]
        c = np.stack([fixed_axis_rotation(np.array(skeleton.bones[b].axis), skeleton.bones[b].axis_order)
                      for b in members])  # [G, 3, 3]
        m = fixed_axis_rotation(angles, axes)  # [F, G, 3, 3]
        local = c @ m @ np.swapaxes(c, -1, -2)
        for g, b in enumerate(members):
            result[b] = local[:, g]
    return result
