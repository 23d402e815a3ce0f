// The query figure: 13 joints to drag with the mouse, finger or arrow keys, a joint toggled
// missing, presets and a mirror that flips x and swaps left and right.

import { MODEL13_PAIRS } from './layouts.js';
import { BONES, JOINT_LABELS, boneEnd, sideOf, svgElement } from './skeleton.js';

export const WIDTH = 400;
export const HEIGHT = 500;
const STEP = 5;
const BIG_STEP = 25;

export class PoseEditor {
  /**
   * @param {SVGSVGElement} svg the editor's drawing
   * @param {(joints: {x:number,y:number,visible:boolean}[]) => void} onEdit called after every change by the user
   * @param {(joint: number) => void} onSelect called when a joint becomes the selected one
   */
  constructor(svg, onEdit, onSelect) {
    this.svg = svg;
    this.onEdit = onEdit;
    this.onSelect = onSelect;
    this.joints = [];
    this.selected = 0;
    this.bones = svgElement('g', { class: 'bones' });
    this.dots = svgElement('g', { class: 'joints' });
    svg.append(this.bones, this.dots);
    this.circles = JOINT_LABELS.map((label, i) => {
      const circle = svgElement('circle', {
        r: i === 0 ? 12 : 10, tabindex: 0, role: 'button', 'data-joint': i, class: `joint ${sideOf(i)}`,
      });
      circle.addEventListener('pointerdown', (e) => this.#startDrag(e, i));
      circle.addEventListener('keydown', (e) => this.#key(e, i));
      circle.addEventListener('focus', () => this.select(i));
      this.dots.append(circle);
      return circle;
    });
  }

  /** Shows `joints` ([{x, y, visible}] x 13, in the editor's box). */
  setJoints(joints) {
    this.joints = joints.map((j) => ({ ...j }));
    this.#render();
  }

  /** Loads a pose from elsewhere (pixels of any image): fitted into the editor's box, missing joints placed near the body. */
  loadFitted(joints) {
    const visible = joints.filter((j) => j.visible);
    if (visible.length === 0) return;
    const xs = visible.map((j) => j.x);
    const ys = visible.map((j) => j.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const pad = 40;
    const scale = Math.min((WIDTH - 2 * pad) / Math.max(maxX - minX, 1e-6), (HEIGHT - 2 * pad) / Math.max(maxY - minY, 1e-6));
    const ox = (WIDTH - (maxX - minX) * scale) / 2;
    const oy = (HEIGHT - (maxY - minY) * scale) / 2;
    this.setJoints(joints.map((j, i) => (j.visible
      ? { x: (j.x - minX) * scale + ox, y: (j.y - minY) * scale + oy, visible: true }
      : { x: 30 + 26 * i, y: HEIGHT - 20, visible: false }))); // parked along the bottom, ready to be dragged back
  }

  /** Flips x about the box's centre and swaps left and right, as a mirror would. */
  mirror() {
    const flipped = this.joints.map((j) => ({ ...j, x: WIDTH - j.x }));
    for (const [l, r] of MODEL13_PAIRS) [flipped[l], flipped[r]] = [flipped[r], flipped[l]];
    this.setJoints(flipped);
    this.onEdit(this.joints);
  }

  toggleMissing(i = this.selected) {
    this.joints[i].visible = !this.joints[i].visible;
    this.#render();
    this.onEdit(this.joints);
  }

  select(i) {
    this.selected = i;
    this.circles.forEach((c, k) => c.classList.toggle('selected', k === i));
    this.onSelect(i);
  }

  #startDrag(event, i) {
    event.preventDefault();
    const circle = this.circles[i];
    circle.focus();
    circle.setPointerCapture(event.pointerId);
    const move = (e) => {
      const point = this.#toSvg(e);
      this.#moveTo(i, point.x, point.y);
    };
    const end = () => {
      circle.removeEventListener('pointermove', move);
      circle.removeEventListener('pointerup', end);
      circle.removeEventListener('pointercancel', end);
      this.onEdit(this.joints);
    };
    circle.addEventListener('pointermove', move);
    circle.addEventListener('pointerup', end);
    circle.addEventListener('pointercancel', end);
  }

  #key(event, i) {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[event.key]) {
      const [dx, dy] = moves[event.key];
      this.#moveTo(i, this.joints[i].x + dx, this.joints[i].y + dy);
      this.onEdit(this.joints);
    } else if (event.key === 'm' || event.key === 'M' || event.key === 'Delete' || event.key === 'Backspace') {
      this.toggleMissing(i);
    } else {
      return;
    }
    event.preventDefault();
  }

  #moveTo(i, x, y) {
    this.joints[i].x = Math.min(WIDTH - 4, Math.max(4, x));
    this.joints[i].y = Math.min(HEIGHT - 4, Math.max(4, y));
    this.#render();
  }

  #toSvg(event) {
    const point = this.svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(this.svg.getScreenCTM().inverse());
  }

  #render() {
    this.bones.replaceChildren();
    for (const [from, to, side] of BONES) {
      const a = from >= 0 ? this.joints[from] : boneEnd(this.joints, from);
      const b = this.joints[to];
      if (!a) continue;
      const missing = (from >= 0 && !this.joints[from].visible) || !b.visible;
      this.bones.append(svgElement('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: `bone ${side}${missing ? ' missing' : ''}` }));
    }
    this.joints.forEach((j, i) => {
      const circle = this.circles[i];
      circle.setAttribute('cx', j.x);
      circle.setAttribute('cy', j.y);
      circle.classList.toggle('missing', !j.visible);
      circle.setAttribute('aria-label',
        `${JOINT_LABELS[i]}${j.visible ? '' : ' (missing)'} at ${Math.round(j.x)}, ${Math.round(j.y)}: arrow keys move it, M marks it missing or present`);
    });
  }
}
