// Reads a pose sequence (one person over time) for POST /v1/align: the API's own sequence JSON
// ({"frames": [{"frame" | "timestampSeconds", "pose"}]}) or COCO keypoint results, where image_id
// is the frame number and the best-scoring detection of each image is the person (as the CLI's
// `posesearch align` reads them). Poses are checked with the detector-file readers.

import { DetectorFileError, apiPose, cocoDetection } from './detector-files.js';

export const ACCEPTED_SEQUENCES =
  'the API\'s sequence JSON ({"frames": [{"frame": 0, "pose": {"layout", "keypoints"}}, ...]}) ' +
  'or COCO keypoint results ([{"image_id": frame number, "keypoints": [...51 numbers], "score"}, ...])';

/**
 * The sequence in `text`: { frames: [{frame?, timestampSeconds?, pose}] } ready to send, and
 * `byKey`, each frame's pose under the name the API's answer gives it (its `frame` number, or for
 * timestamped or unnumbered frames its position in time order).
 */
export function readSequenceFile(text, source) {
  let root;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new DetectorFileError(`${source} is not valid JSON (${e.message}). Expected ${ACCEPTED_SEQUENCES}.`);
  }
  const frames = Array.isArray(root) ? cocoFrames(root, source)
    : root !== null && typeof root === 'object' && Array.isArray(root.frames) ? apiFrames(root.frames, source)
      : null;
  if (frames === null) throw new DetectorFileError(`${source}: not a sequence file. Expected ${ACCEPTED_SEQUENCES}.`);
  if (frames.length === 0) throw new DetectorFileError(`${source} holds no frame.`);
  return { frames, byKey: framesByKey(frames) };
}

function apiFrames(list, source) {
  return list.map((entry, i) => {
    const where = `${source}: frame ${i}`;
    if (entry === null || typeof entry !== 'object' || entry.pose === null || typeof entry.pose !== 'object') {
      throw new DetectorFileError(`${where} needs a "pose" ({"layout", "keypoints"})`);
    }
    const frame = { pose: apiPose(entry.pose, `${where}: pose`) };
    if (entry.frame !== undefined && entry.frame !== null) {
      if (!Number.isInteger(entry.frame) || entry.frame < 0) throw new DetectorFileError(`${where}: "frame" must be an integer >= 0, got ${JSON.stringify(entry.frame)}`);
      frame.frame = entry.frame;
    }
    if (entry.timestampSeconds !== undefined && entry.timestampSeconds !== null) {
      if (typeof entry.timestampSeconds !== 'number' || !Number.isFinite(entry.timestampSeconds)) {
        throw new DetectorFileError(`${where}: "timestampSeconds" must be a number`);
      }
      frame.timestampSeconds = entry.timestampSeconds;
    }
    return frame;
  });
}

// A COCO results file holds every detection of every image: one person per image, the best scored.
function cocoFrames(detections, source) {
  const best = new Map();
  detections.forEach((entry, i) => {
    const { pose } = cocoDetection(entry, i, source);
    if (!Number.isInteger(entry.image_id) || entry.image_id < 0) {
      throw new DetectorFileError(`${source}: detection ${i}: "image_id" must be the frame number (an integer >= 0), got ${JSON.stringify(entry.image_id)}`);
    }
    const score = typeof entry.score === 'number' ? entry.score : 0;
    const kept = best.get(entry.image_id);
    if (!kept || score > kept.score) best.set(entry.image_id, { score, pose });
  });
  return [...best.entries()].sort((x, y) => x[0] - y[0]).map(([frame, { pose }]) => ({ frame, pose }));
}

// The API names a numbered frame by its number, any other by its position in time order.
function framesByKey(frames) {
  const numbered = frames.every((f) => f.frame !== undefined);
  const timed = !numbered && frames.every((f) => f.timestampSeconds !== undefined);
  const ordered = numbered ? frames : timed ? [...frames].sort((x, y) => x.timestampSeconds - y.timestampSeconds) : frames;
  return new Map(ordered.map((f, i) => [numbered ? f.frame : i, f.pose]));
}
