import hashlib
import random
from collections import defaultdict

import pytest

from posesearch_training.data.mocap.split import assign_splits, labels_from_json, parse_clip_name


def bandai_names(shared_data):
    return sorted(p.name[: -len(".bvh.gz")] for p in (shared_data / "mocap/bandai").glob("dataset-*/data/*.bvh.gz"))


def test_parse_clip_name():
    label = parse_clip_name("dataset-2_walk-turn-left_not-confident_012")
    assert (label.dataset, label.content, label.style, label.take) == ("dataset-2", "walk-turn-left", "not-confident", 12)
    with pytest.raises(ValueError, match="is not dataset-N_"):
        parse_clip_name("walk_happy_001")


def test_the_validation_style_is_the_smallest_hash_by_hand():
    names = [f"dataset-9_jump_{style}_{take:03d}" for style in ("a", "b", "c") for take in (1, 2)]
    names += ["dataset-9_solo_normal_001"]
    digests = {style: hashlib.sha1(f"dataset-9/jump/{style}".encode()).hexdigest() for style in "abc"}
    val_style = min(digests, key=digests.get)
    splits = assign_splits(names)
    assert {n for n, s in splits.items() if s == "val"} == {f"dataset-9_jump_{val_style}_001",
                                                            f"dataset-9_jump_{val_style}_002"}
    assert splits["dataset-9_solo_normal_001"] == "train"  # a content in one style only trains


def test_no_group_in_both_splits_and_every_multi_style_content_validated(shared_data):
    names = bandai_names(shared_data)
    assert len(names) == 3076
    splits = assign_splits(names)
    group_splits, content_styles, val_styles = defaultdict(set), defaultdict(set), defaultdict(set)
    for name, split in splits.items():
        label = parse_clip_name(name)
        group_splits[(label.dataset, label.content, label.style)].add(split)
        content_styles[(label.dataset, label.content)].add(label.style)
        if split == "val":
            val_styles[(label.dataset, label.content)].add(label.style)
    assert all(len(s) == 1 for s in group_splits.values())
    for content, styles in content_styles.items():
        assert len(val_styles[content]) == (1 if len(styles) > 1 else 0), content
    assert sum(1 for styles in val_styles.values() if styles) == 20  # 10 + 10 of the 16 dataset-1 contents present
    val_fraction = sum(s == "val" for s in splits.values()) / len(splits)
    assert 0.08 < val_fraction < 0.2


def test_split_is_deterministic_and_independent_of_order_and_subsets(shared_data):
    names = bandai_names(shared_data)
    shuffled = names[:]
    random.Random(3).shuffle(shuffled)
    full = assign_splits(names)
    assert assign_splits(shuffled) == full
    without_one_take = [n for n in names if not n.endswith("_002")]
    assert all(full[n] == s for n, s in assign_splits(without_one_take).items())


def test_file_names_agree_with_the_json_labels(shared_data):
    checked = 0
    for path in sorted((shared_data / "mocap/bandai").glob("dataset-*/data/*.json")):
        label = parse_clip_name(path.stem)
        assert labels_from_json(path) == (label.content, label.style), path.name
        checked += 1
    assert checked == 3077
