// Draws 13-joint poses as SVG stick figures, each fitted into its own box (a pose's own 2D:
// scale and position carry no meaning for the model, only the shape does).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Bones as (from, to, side) over the 13 model joints; -1 stands for the mid-point of the shoulders. */
export const BONES = [
  [1, 2, 'centre'], [7, 8, 'centre'], [1, 7, 'left'], [2, 8, 'right'],
  [1, 3, 'left'], [3, 5, 'left'], [2, 4, 'right'], [4, 6, 'right'],
  [7, 9, 'left'], [9, 11, 'left'], [8, 10, 'right'], [10, 12, 'right'],
  [-1, 0, 'centre'],
];

export const JOINT_LABELS = [
  'nose', 'left shoulder', 'right shoulder', 'left elbow', 'right elbow', 'left wrist', 'right wrist',
  'left hip', 'right hip', 'left knee', 'right knee', 'left ankle', 'right ankle',
];

export function sideOf(joint) {
  if (joint === 0) return 'centre';
  return joint % 2 === 1 ? 'left' : 'right';
}

export function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** Position of a bone end: a joint, or the shoulders' mid-point (-1) when both shoulders are there. */
export function boneEnd(joints, index) {
  if (index >= 0) return joints[index].visible ? joints[index] : null;
  const [l, r] = [joints[1], joints[2]];
  if (l.visible && r.visible) return { x: (l.x + r.x) / 2, y: (l.y + r.y) / 2, visible: true };
  return l.visible ? l : r.visible ? r : null;
}

/** Appends the bones of `joints` (already in the SVG's coordinates) to `group`. */
export function drawBones(group, joints, { showMissing = false } = {}) {
  for (const [from, to, side] of BONES) {
    const a = showMissing && from >= 0 ? joints[from] : boneEnd(joints, from);
    const b = showMissing ? joints[to] : boneEnd(joints, to);
    if (!a || !b) continue;
    const missing = (from >= 0 && !joints[from].visible) || !joints[to].visible;
    group.append(svgElement('line', {
      x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: `bone ${side}${missing ? ' missing' : ''}`,
    }));
  }
}

/**
 * A read-only figure of `joints` ([{x, y, visible}] x 13) fitted into a width x height box.
 * `label` becomes the figure's accessible name.
 */
export function figure(joints, label, width = 160, height = 200) {
  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, class: 'figure', role: 'img', 'aria-label': label });
  const visible = joints.filter((j) => j.visible);
  if (visible.length === 0) return svg;
  const xs = visible.map((j) => j.x);
  const ys = visible.map((j) => j.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = 14;
  const scale = Math.min((width - 2 * pad) / Math.max(maxX - minX, 1e-6), (height - 2 * pad) / Math.max(maxY - minY, 1e-6));
  const offsetX = (width - (maxX - minX) * scale) / 2;
  const offsetY = (height - (maxY - minY) * scale) / 2;
  const placed = joints.map((j) => ({
    x: (j.x - minX) * scale + offsetX, y: (j.y - minY) * scale + offsetY, visible: j.visible,
  }));
  const group = svgElement('g');
  drawBones(group, placed);
  placed.forEach((j, i) => {
    if (!j.visible) return;
    group.append(svgElement('circle', { cx: j.x, cy: j.y, r: i === 0 ? 5 : 3.5, class: `dot ${sideOf(i)}` }));
  });
  svg.append(group);
  return svg;
}
