// Reads the people out of a detector's JSON file, in every layout the API takes (docs/api.md),
// as API poses ({layout, keypoints, imageWidth?, imageHeight?}). The shapes follow the service's
// own readers (src/PoseSearch.Core/IO): COCO results and annotation files, OpenPose BODY_25
// per-frame JSON, MediaPipe Pose landmarks, and the API's own pose or search request JSON.

import { LAYOUTS } from './layouts.js';

export const ACCEPTED =
  'COCO keypoint results ([{"image_id", "keypoints": [x, y, score] x 17}]) or annotations ({"annotations": [...]}), ' +
  'OpenPose BODY_25 ({"people": [{"pose_keypoints_2d": [...75 numbers]}]}), ' +
  'MediaPipe Pose ({"poses": [{"landmarks": [...33]}]}, {"landmarks": [...33]} or [...33 landmarks]), ' +
  'or an API pose ({"layout", "keypoints"}) or search request ({"pose": {...}})';

/** A file that cannot be read; the message says why in words a user can act on. */
export class DetectorFileError extends Error {}

/**
 * The people in `text` (a file's contents): [{label, pose}], in file order.
 * @param {string} text
 * @param {string} source the file's name, for messages
 */
export function readDetectorFile(text, source = 'the pasted text') {
  let root;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new DetectorFileError(`${source} is not valid JSON (${e.message}). Expected ${ACCEPTED}.`);
  }
  const people = readRoot(root, source);
  if (people.length === 0) throw new DetectorFileError(`${source} holds no person.`);
  return people;
}

function readRoot(root, source) {
  if (Array.isArray(root)) {
    if (root.length > 0 && isLandmark(root[0])) return [{ label: 'MediaPipe pose', pose: mediaPipePose(root, null, null, `${source}`) }];
    return root.map((entry, i) => cocoDetection(entry, i, source));
  }
  if (root === null || typeof root !== 'object') throw new DetectorFileError(`${source}: expected ${ACCEPTED}.`);
  if ('pose' in root && root.pose && typeof root.pose === 'object') return [{ label: 'the request\'s pose', pose: apiPose(root.pose, `${source}: pose`) }];
  if ('layout' in root) return [{ label: `${root.layout} pose`, pose: apiPose(root, source) }];
  if (Array.isArray(root.people)) return root.people.map((person, i) => openPosePerson(person, i, source));
  if (Array.isArray(root.annotations)) return root.annotations.map((a, i) => cocoAnnotation(a, i, source));
  if ('poses' in root || 'landmarks' in root) {
    const width = imageSize(root.image_width, 'image_width', source);
    const height = imageSize(root.image_height, 'image_height', source);
    if ('poses' in root) {
      if (!Array.isArray(root.poses)) throw new DetectorFileError(`${source}: "poses" must be a list of {"landmarks": [...]}`);
      return root.poses.map((p, i) => ({
        label: `pose ${i}`,
        pose: mediaPipePose(p?.landmarks, width, height, `${source}: pose ${i}`),
      }));
    }
    return [{ label: 'pose 0', pose: mediaPipePose(root.landmarks, width, height, `${source}: pose 0`) }];
  }
  throw new DetectorFileError(`${source}: not a detector file this page knows. Expected ${ACCEPTED}.`);
}

function numbers(values, count, what, where) {
  if (!Array.isArray(values)) throw new DetectorFileError(`${where}: "${what}" is missing or not a list`);
  if (values.length !== count) throw new DetectorFileError(`${where}: "${what}" has ${values.length} values, expected ${count}`);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DetectorFileError(`${where}: "${what}" value ${i} is not a number`);
  });
  return values;
}

function triples(values, joints, confidence = (c) => c) {
  const keypoints = [];
  for (let j = 0; j < joints; j++) keypoints.push({ x: values[3 * j], y: values[3 * j + 1], confidence: confidence(values[3 * j + 2]) });
  return keypoints;
}

/** One COCO keypoint result as {label, pose}; throws a DetectorFileError. */
export function cocoDetection(entry, i, source) {
  const where = `${source}: detection ${i}`;
  if (entry === null || typeof entry !== 'object') throw new DetectorFileError(`${where} is not an object with "keypoints"`);
  const values = numbers(entry.keypoints, 51, 'keypoints', where);
  const score = typeof entry.score === 'number' ? `, score ${entry.score.toFixed(2)}` : '';
  const image = entry.image_id !== undefined ? `image ${entry.image_id}, ` : '';
  return { label: `${image}detection ${i}${score}`, pose: { layout: 'coco17', keypoints: triples(values, 17) } };
}

// COCO ground truth: the third value is a visibility flag (0 not labelled, 1 occluded, 2 visible).
function cocoAnnotation(annotation, i, source) {
  const where = `${source}: annotation ${i}`;
  if (annotation === null || typeof annotation !== 'object') throw new DetectorFileError(`${where} is not an object with "keypoints"`);
  const values = numbers(annotation.keypoints, 51, 'keypoints', where);
  const image = annotation.image_id !== undefined ? `image ${annotation.image_id}, ` : '';
  return { label: `${image}annotation ${i}`, pose: { layout: 'coco17', keypoints: triples(values, 17, (v) => (v > 0 ? 1 : 0)) } };
}

function openPosePerson(person, i, source) {
  const where = `${source}: person ${i}`;
  const values = person?.pose_keypoints_2d;
  if (Array.isArray(values) && values.length === 54) {
    throw new DetectorFileError(`${where}: pose_keypoints_2d has 54 values (the COCO-18 OpenPose model); only BODY_25 (75 values) is supported`);
  }
  numbers(values, 75, 'pose_keypoints_2d', where);
  return { label: `person ${i}`, pose: { layout: 'body25', keypoints: triples(values, 25) } };
}

function isLandmark(v) {
  return v !== null && typeof v === 'object' && 'x' in v && 'y' in v;
}

function mediaPipePose(landmarks, width, height, where) {
  if (!Array.isArray(landmarks)) throw new DetectorFileError(`${where}: landmarks must be a list`);
  if (landmarks.length !== 33) throw new DetectorFileError(`${where}: mediapipe33 expects 33 landmarks, got ${landmarks.length}`);
  const keypoints = landmarks.map((l, j) => {
    if (!isLandmark(l) || typeof l.x !== 'number' || typeof l.y !== 'number') {
      throw new DetectorFileError(`${where}: landmark ${j} needs numbers "x" and "y"`);
    }
    return typeof l.visibility === 'number' ? { x: l.x, y: l.y, confidence: l.visibility } : { x: l.x, y: l.y };
  });
  const pose = { layout: 'mediapipe33', keypoints };
  if (width) pose.imageWidth = width;
  if (height) pose.imageHeight = height;
  return pose;
}

function imageSize(value, name, source) {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value <= 0) throw new DetectorFileError(`${source}: "${name}" must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** An API pose ({layout, keypoints, ...}) checked against its layout; throws a DetectorFileError. */
export function apiPose(pose, where) {
  const names = LAYOUTS[String(pose.layout).toLowerCase()];
  if (!names) throw new DetectorFileError(`${where}: unknown keypoint layout '${pose.layout}'; known layouts: ${Object.keys(LAYOUTS).join(', ')}`);
  if (!Array.isArray(pose.keypoints)) throw new DetectorFileError(`${where}: "keypoints" must be a list`);
  if (pose.keypoints.length !== names.length) {
    throw new DetectorFileError(`${where}: ${pose.layout} expects ${names.length} keypoints, got ${pose.keypoints.length}`);
  }
  return { ...pose, layout: String(pose.layout).toLowerCase() };
}
