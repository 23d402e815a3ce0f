// Draws an alignment of POST /v1/align: the warping path on the grid of the two sequences' frames
// (A down, B across), each pair coloured by its match probability, the totals, and a player that
// steps both skeletons along the path. The API returns the path's pairs only, not the whole cost
// matrix, so cells off the path stay blank (the caption says so).

import { toModel13 } from './layouts.js';
import { figure } from './skeleton.js';

const MARGIN = { left: 56, right: 12, top: 12, bottom: 64 };
const STEPS_PER_SECOND = 8;

/** Probability 0 -> red, 0.5 -> green, 1 -> blue (hue 0 to 215): readable on the light grid and in the legend. */
export function probabilityColour(p) {
  const clamped = Math.min(1, Math.max(0, p));
  return `hsl(${Math.round(clamped * 215)}, 75%, ${Math.round(42 + 8 * Math.sin(clamped * Math.PI))}%)`;
}

export class AlignmentView {
  /** `elements`: { canvas, summary, figureA, figureB, play, slider, stepText } */
  constructor(elements) {
    this.el = elements;
    this.step = 0;
    this.timer = null;
    this.result = null;
    elements.play.addEventListener('click', () => (this.timer ? this.pause() : this.play()));
    elements.slider.addEventListener('input', () => {
      this.pause();
      this.show(Number(elements.slider.value));
    });
  }

  /** Shows `response` (the API's answer) for the sequences `a` and `b` ({frames, byKey}). */
  render(response, a, b) {
    this.pause();
    this.result = { response, a, b, rows: [...a.byKey.keys()].sort((x, y) => x - y), columns: [...b.byKey.keys()].sort((x, y) => x - y) };
    this.renderSummary(response);
    this.el.slider.max = String(Math.max(0, response.path.length - 1));
    this.el.slider.disabled = response.path.length < 2;
    this.el.play.disabled = response.path.length < 2;
    this.show(0);
  }

  renderSummary(r) {
    const percent = (p) => `${(p * 100).toFixed(1)} %`;
    const skipped = (list) => (list.length ? list.join(', ') : 'none');
    const items = [
      ['Mean match probability', percent(r.meanProbability), 'mean-probability'],
      ['Speed ratio (B frames per A frame)', r.speedRatio.toFixed(2), 'speed-ratio'],
      ['Matched span of B', `frames ${r.startB} to ${r.endB}`, 'span'],
      ['Path length (pairs)', String(r.path.length), 'path-length'],
      ['Frames (A, B)', `${r.framesA}, ${r.framesB}`, 'frames'],
      ['Skipped frames of A (no anchor joints)', skipped(r.skippedA), 'skipped-a'],
      ['Skipped frames of B', skipped(r.skippedB), 'skipped-b'],
      ['Total and mean cost', `${r.totalCost.toFixed(3)}, ${r.meanCost.toFixed(4)} (${r.distance})`, 'cost'],
      ['Model', r.model, 'model'],
    ];
    this.el.summary.replaceChildren();
    for (const [label, value, key] of items) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.field = key;
      this.el.summary.append(dt, dd);
    }
  }

  play() {
    if (!this.result || this.result.response.path.length < 2) return;
    if (this.step >= this.result.response.path.length - 1) this.show(0);
    this.el.play.textContent = 'Pause';
    this.el.play.setAttribute('aria-pressed', 'true');
    this.timer = setInterval(() => {
      const next = this.step + 1;
      if (next >= this.result.response.path.length) {
        this.pause();
        return;
      }
      this.show(next);
    }, 1000 / STEPS_PER_SECOND);
  }

  pause() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.el.play.textContent = 'Play';
    this.el.play.setAttribute('aria-pressed', 'false');
  }

  /** Step `i` of the path: both skeletons, the slider, and the marker on the grid. */
  show(i) {
    const { response, a, b } = this.result;
    const pair = response.path[i];
    this.step = i;
    this.el.slider.value = String(i);
    if (!pair) {
      this.el.stepText.textContent = 'The path is empty.';
      return;
    }
    this.el.stepText.textContent = `Step ${i + 1} of ${response.path.length}: A frame ${pair.frameA} with B frame ${pair.frameB}, ${(pair.probability * 100).toFixed(1)} % match`;
    this.el.slider.setAttribute('aria-valuetext', this.el.stepText.textContent);
    this.el.figureA.replaceChildren(poseFigure(a.byKey.get(pair.frameA), `Sequence A, frame ${pair.frameA}`));
    this.el.figureB.replaceChildren(poseFigure(b.byKey.get(pair.frameB), `Sequence B, frame ${pair.frameB}`));
    this.drawGrid();
  }

  drawGrid() {
    const { canvas } = this.el;
    const { response, rows, columns } = this.result;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 480;
    const height = canvas.clientHeight || 480;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = height - MARGIN.top - MARGIN.bottom;
    const cellW = plotW / columns.length;
    const cellH = plotH / rows.length;
    const column = new Map(columns.map((key, i) => [key, i]));
    const row = new Map(rows.map((key, i) => [key, i]));
    const x = (key) => MARGIN.left + column.get(key) * cellW;
    const y = (key) => MARGIN.top + row.get(key) * cellH;

    g.fillStyle = '#f5f6f8';
    g.fillRect(MARGIN.left, MARGIN.top, plotW, plotH);
    // The matched stretch of B, then the frames skipped for want of anchor joints.
    if (column.has(response.startB) && column.has(response.endB)) {
      g.fillStyle = '#e3eaf4';
      g.fillRect(x(response.startB), MARGIN.top, x(response.endB) + cellW - x(response.startB), plotH);
    }
    g.fillStyle = '#c8c8c8';
    for (const key of response.skippedB) if (column.has(key)) g.fillRect(x(key), MARGIN.top, Math.max(cellW, 1), plotH);
    for (const key of response.skippedA) if (row.has(key)) g.fillRect(MARGIN.left, y(key), plotW, Math.max(cellH, 1));
    if (cellW >= 4 && cellH >= 4) {
      g.strokeStyle = '#ffffff';
      g.lineWidth = 1;
      g.beginPath();
      for (let i = 1; i < columns.length; i++) {
        g.moveTo(MARGIN.left + i * cellW, MARGIN.top);
        g.lineTo(MARGIN.left + i * cellW, MARGIN.top + plotH);
      }
      for (let i = 1; i < rows.length; i++) {
        g.moveTo(MARGIN.left, MARGIN.top + i * cellH);
        g.lineTo(MARGIN.left + plotW, MARGIN.top + i * cellH);
      }
      g.stroke();
    }

    for (const pair of response.path) {
      if (!row.has(pair.frameA) || !column.has(pair.frameB)) continue;
      g.fillStyle = probabilityColour(pair.probability);
      g.fillRect(x(pair.frameB), y(pair.frameA), Math.max(cellW, 1.5), Math.max(cellH, 1.5));
    }
    const current = response.path[this.step];
    if (current && row.has(current.frameA) && column.has(current.frameB)) {
      g.strokeStyle = '#000';
      g.lineWidth = 2;
      g.strokeRect(x(current.frameB) - 2, y(current.frameA) - 2, Math.max(cellW, 1.5) + 4, Math.max(cellH, 1.5) + 4);
    }
    g.strokeStyle = '#767676';
    g.lineWidth = 1;
    g.strokeRect(MARGIN.left, MARGIN.top, plotW, plotH);

    // Axes: first and last frame of each sequence, and what the axes are.
    g.fillStyle = '#1a1a1a';
    g.font = '12px system-ui, sans-serif';
    g.textAlign = 'left';
    g.fillText(String(columns[0]), MARGIN.left, MARGIN.top + plotH + 14);
    g.textAlign = 'right';
    g.fillText(String(columns[columns.length - 1]), MARGIN.left + plotW, MARGIN.top + plotH + 14);
    g.textAlign = 'center';
    g.fillText('frames of B (reference) →', MARGIN.left + plotW / 2, MARGIN.top + plotH + 14);
    g.textAlign = 'right';
    g.fillText(String(rows[0]), MARGIN.left - 4, MARGIN.top + 10);
    g.fillText(String(rows[rows.length - 1]), MARGIN.left - 4, MARGIN.top + plotH);
    g.save();
    g.translate(MARGIN.left - 20, MARGIN.top + plotH / 2);
    g.rotate(-Math.PI / 2);
    g.textAlign = 'center';
    g.fillText('frames of A (query) →', 0, 0);
    g.restore();

    // Legend: the probability scale.
    const legendY = MARGIN.top + plotH + 30;
    const legendW = Math.min(200, plotW);
    for (let i = 0; i < legendW; i++) {
      g.fillStyle = probabilityColour(i / (legendW - 1));
      g.fillRect(MARGIN.left + i, legendY, 1, 10);
    }
    g.fillStyle = '#1a1a1a';
    g.textAlign = 'left';
    g.fillText('match probability: 0', MARGIN.left, legendY + 24);
    g.textAlign = 'right';
    g.fillText('1', MARGIN.left + legendW, legendY + 24);
    canvas.setAttribute('aria-label', `Warping path of ${response.path.length} pairs over ${rows.length} frames of A by ${columns.length} frames of B, ` +
      `matched span of B ${response.startB} to ${response.endB}; step ${this.step + 1} marked.`);
  }
}

function poseFigure(pose, label) {
  if (!pose) {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = `${label}: not in the file`;
    return p;
  }
  let joints;
  try {
    joints = toModel13(pose);
  } catch {
    joints = null;
  }
  const box = document.createElement('figure');
  box.className = 'hit align-figure';
  const caption = document.createElement('figcaption');
  caption.textContent = label;
  box.append(joints ? figure(joints, label, 200, 250) : document.createElement('div'), caption);
  return box;
}
