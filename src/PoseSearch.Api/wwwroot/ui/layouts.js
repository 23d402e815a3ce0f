// The keypoint layouts the API accepts (src/PoseSearch.Core/Keypoints/KeypointLayouts.cs; the browser
// tests check that these lists equal the service's). Used to preview an uploaded pose in the
// model's 13 joints; the search itself sends the pose in its own layout and the API converts it.

export const MODEL13 = [
  'nose', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
  'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee',
  'left_ankle', 'right_ankle',
];

export const LAYOUTS = {
  coco17: [
    'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
    'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
    'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
  ],
  body25: [
    'nose', 'neck', 'right_shoulder', 'right_elbow', 'right_wrist',
    'left_shoulder', 'left_elbow', 'left_wrist', 'mid_hip',
    'right_hip', 'right_knee', 'right_ankle', 'left_hip', 'left_knee', 'left_ankle',
    'right_eye', 'left_eye', 'right_ear', 'left_ear',
    'left_big_toe', 'left_small_toe', 'left_heel', 'right_big_toe', 'right_small_toe', 'right_heel',
  ],
  mediapipe33: [
    'nose', 'left_eye_inner', 'left_eye', 'left_eye_outer', 'right_eye_inner', 'right_eye',
    'right_eye_outer', 'left_ear', 'right_ear', 'mouth_left', 'mouth_right',
    'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
    'left_pinky', 'right_pinky', 'left_index', 'right_index', 'left_thumb', 'right_thumb',
    'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
    'left_heel', 'right_heel', 'left_foot_index', 'right_foot_index',
  ],
  h36m17: [
    'pelvis', 'right_hip', 'right_knee', 'right_ankle', 'left_hip', 'left_knee', 'left_ankle',
    'spine', 'thorax', 'nose', 'head_top',
    'left_shoulder', 'left_elbow', 'left_wrist', 'right_shoulder', 'right_elbow', 'right_wrist',
  ],
  model13: MODEL13,
};

/** Layouts whose coordinates are fractions of the image (the image size turns them into pixels). */
export const NORMALIZED_LAYOUTS = new Set(['mediapipe33']);

/** The service's default PoseSearch:MinConfidence: a joint below it counts as missing. */
export const MIN_CONFIDENCE = 0.1;

/** (left, right) index pairs of the 13 model joints, for the mirror button. */
export const MODEL13_PAIRS = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]];

/** A joint as the API reads it: missing below the minimum confidence or at exactly (0, 0). */
export function isVisible(k) {
  return k != null && Number.isFinite(k.x) && Number.isFinite(k.y)
    && !(k.x === 0 && k.y === 0)
    && (k.confidence == null || k.confidence >= MIN_CONFIDENCE);
}

/**
 * An API pose ({layout, keypoints, imageWidth?, imageHeight?}) as 13 model joints
 * [{x, y, visible}] in pixels, for drawing. Throws an Error with a readable message.
 */
export function toModel13(pose) {
  const names = LAYOUTS[pose.layout];
  if (!names) {
    throw new Error(`unknown keypoint layout '${pose.layout}'; known layouts: ${Object.keys(LAYOUTS).join(', ')}`);
  }
  if (!Array.isArray(pose.keypoints) || pose.keypoints.length !== names.length) {
    throw new Error(`${pose.layout} expects ${names.length} keypoints, got ${pose.keypoints?.length ?? 0}`);
  }
  const normalized = NORMALIZED_LAYOUTS.has(pose.layout);
  const width = normalized ? pose.imageWidth : 1;
  const height = normalized ? pose.imageHeight : 1;
  if (normalized && !(width > 0 && height > 0)) {
    throw new Error(`${pose.layout} coordinates are fractions of the image: the image width and height are needed`);
  }
  return MODEL13.map((name) => {
    const k = pose.keypoints[names.indexOf(name)];
    return isVisible(k) ? { x: k.x * width, y: k.y * height, visible: true } : { x: 0, y: 0, visible: false };
  });
}

/** 13 model joints [{x, y, visible}] as an API model13 pose (a missing joint is (0, 0) with confidence 0). */
export function model13Pose(joints) {
  return {
    layout: 'model13',
    keypoints: joints.map((j) => (j.visible
      ? { x: round1(j.x), y: round1(j.y), confidence: 1 }
      : { x: 0, y: 0, confidence: 0 })),
  };
}

function round1(v) {
  return Math.round(v * 10) / 10;
}
