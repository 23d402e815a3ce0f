"""Train/validation split of the Bandai clips by whole (dataset, content, style) groups.

A group holds every take of one content in one style (e.g. all
`dataset-2_walk_happy_*`), so takes that differ only in repetition never straddle the
split. Rule: for every (dataset, content) that was recorded in two or more styles, the
style whose SHA-1("dataset/content/style") is smallest goes to validation with all its
takes; all other clips train. So validation covers every content recorded in several
styles (one style each), differs in style from training for that content, and does not
depend on file order or on the number of takes (only on each content's set of styles).
Contents recorded in one style only (dataset-1's call, dance-short, kick, punch,
respond, slash) stay in training.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

TRAIN, VAL = "train", "val"
_NAME = re.compile(r"^(dataset-\d+)_([a-z-]+)_([a-z-]+)_(\d+)$")


@dataclass(frozen=True)
class ClipLabel:
    dataset: str
    content: str
    style: str
    take: int


def parse_clip_name(stem: str) -> ClipLabel:
    """`dataset-2_walk-turn-left_happy_012` -> ClipLabel("dataset-2", "walk-turn-left", "happy", 12)."""
    match = _NAME.match(stem)
    if match is None:
        raise ValueError(f"clip name {stem!r} is not dataset-N_{{content}}_{{style}}_{{id}}")
    return ClipLabel(match.group(1), match.group(2), match.group(3), int(match.group(4)))


def _group_hash(label: ClipLabel) -> str:
    return hashlib.sha1(f"{label.dataset}/{label.content}/{label.style}".encode()).hexdigest()


def assign_splits(clip_names: list[str]) -> dict[str, str]:
    """Clip stem -> "train" or "val" by the rule above."""
    labels = {name: parse_clip_name(name) for name in clip_names}
    styles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for label in labels.values():
        styles[(label.dataset, label.content)].add(label.style)
    val_style = {
        key: min(names, key=lambda style: _group_hash(ClipLabel(key[0], key[1], style, 0)))
        for key, names in styles.items() if len(names) >= 2
    }
    return {name: VAL if val_style.get((label.dataset, label.content)) == label.style else TRAIN
            for name, label in labels.items()}


def labels_from_json(json_path: Path) -> tuple[str, str]:
    """(content, style) of a clip from its per-clip JSON and its dataset's cfg/*.txt lists,
    without the `dataset-N_` prefix; used to check the file names against the labels."""
    json_path = Path(json_path)
    cfg = json_path.parent.parent / "cfg"
    ids = json.loads(json_path.read_text())
    contents = (cfg / "content_label.txt").read_text().split()
    styles = (cfg / "style_label.txt").read_text().split()
    dataset = json_path.parent.parent.name + "_"
    return contents[ids["content"]].removeprefix(dataset), styles[ids["style"]].removeprefix(dataset)
