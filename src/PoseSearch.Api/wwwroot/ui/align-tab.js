// The Align tab: two uploaded sequence files -> POST /v1/align -> the path drawn and played.

import { request } from './api.js';
import { DetectorFileError } from './detector-files.js';
import { readSequenceFile } from './sequence-files.js';
import { AlignmentView } from './align-view.js';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Wires the tab; `showError(element, error)` and `clearError(element)` are the page's. */
export function initAlignTab($, showError, clearError) {
  const sequences = { a: null, b: null };
  const view = new AlignmentView({
    canvas: $('align-grid'),
    summary: $('align-summary'),
    figureA: $('align-figure-a'),
    figureB: $('align-figure-b'),
    play: $('align-play'),
    slider: $('align-step'),
    stepText: $('align-step-text'),
  });
  let seq = 0;

  for (const side of ['a', 'b']) {
    const input = $(`align-file-${side}`);
    input.addEventListener('change', async () => {
      sequences[side] = null;
      $(`align-file-${side}-info`).textContent = '';
      const file = input.files[0];
      if (!file) return;
      clearError($('align-error'));
      try {
        if (file.size > MAX_FILE_BYTES) throw new DetectorFileError(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; this page reads files up to 20 MB.`);
        sequences[side] = readSequenceFile(await file.text(), file.name);
      } catch (e) {
        if (!(e instanceof DetectorFileError)) throw e;
        showError($('align-error'), e);
        return;
      }
      $(`align-file-${side}-info`).textContent = `${file.name}: ${sequences[side].frames.length} frames`;
    });
  }

  $('align-run').addEventListener('click', async () => {
    const error = $('align-error');
    clearError(error);
    const missing = ['a', 'b'].filter((side) => !sequences[side]).map((side) => side.toUpperCase());
    if (missing.length) {
      showError(error, new Error(`Choose a readable sequence file for ${missing.join(' and ')} first.`));
      return;
    }
    const mine = ++seq;
    const body = {
      a: { frames: sequences.a.frames },
      b: { frames: sequences.b.frames },
      distance: $('align-distance').value,
      subsequence: $('align-subsequence').checked,
    };
    $('align-status').textContent = 'Aligning…';
    $('align-result').setAttribute('aria-busy', 'true');
    try {
      const response = await request('/v1/align', { method: 'POST', body });
      if (mine !== seq) return;
      $('align-result').hidden = false;
      view.render(response, sequences.a, sequences.b);
      $('align-status').textContent = `Aligned: ${response.path.length} pairs, mean match probability ${(response.meanProbability * 100).toFixed(1)} %.`;
    } catch (e) {
      if (mine !== seq) return;
      view.pause();
      $('align-result').hidden = true;
      $('align-status').textContent = 'The alignment failed.';
      showError(error, e);
    } finally {
      if (mine === seq) $('align-result').removeAttribute('aria-busy');
    }
  });
}
