from posesearch_training import skeleton


def test_model13_is_the_documented_selection():
    assert skeleton.MODEL13_FROM_3D.tolist() == [9, 11, 14, 12, 15, 13, 16, 4, 1, 5, 2, 6, 3]


def test_left_right_pairs_name_opposite_sides():
    for left, right in skeleton.LEFT_RIGHT_2D:
        assert skeleton.JOINTS_2D[left].startswith("left_")
        assert skeleton.JOINTS_2D[right] == skeleton.JOINTS_2D[left].replace("left_", "right_")


def test_counts_and_input_features_follow_the_joint_lists():
    from posesearch_training.model.network import ModelConfig

    assert (skeleton.NUM_JOINTS_3D, skeleton.NUM_JOINTS_2D) == (17, 13)
    assert ModelConfig(variant="plain").input_features == skeleton.COORDINATE_FEATURES == 26
    assert ModelConfig(variant="occlusion").input_features == skeleton.COORDINATE_FEATURES + skeleton.VISIBILITY_FEATURES == 39
