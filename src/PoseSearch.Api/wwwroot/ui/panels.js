// The Collections and Model tabs.

function cell(row, text, tag = 'td') {
  const c = document.createElement(tag);
  c.textContent = text ?? '';
  row.append(c);
  return c;
}

/** Rows of the collections table; `onSearch(name)` when the user picks one to search. */
export function renderCollections(tbody, collections, loadedSha, onSearch) {
  tbody.replaceChildren();
  if (collections.length === 0) {
    const row = tbody.insertRow();
    const c = cell(row, 'No collection yet. Create one and ingest poses with the API (POST /v1/collections, then .../poses).');
    c.colSpan = 6;
    return;
  }
  for (const c of collections) {
    const row = tbody.insertRow();
    cell(row, c.name, 'th').scope = 'row';
    cell(row, c.poseCount.toLocaleString('en')).className = 'number';
    const other = loadedSha && c.model.sha256 !== loadedSha;
    cell(row, `${c.model.name} (D = ${c.model.embeddingDim})${other ? ': not the loaded model, search answers 409' : ''}`);
    cell(row, c.description);
    cell(row, new Date(c.createdAt).toLocaleString('en'));
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Search it';
    button.setAttribute('aria-label', `Search ${c.name}`);
    button.addEventListener('click', () => onSearch(c.name));
    cell(row, '').append(button);
  }
}

const CARD_FIELDS = [
  ['name', 'Name'], ['variant', 'Variant'], ['license', 'Licence'], ['trainingData', 'Training data'],
  ['inputLayout', 'Input layout'], ['keypoints', 'Joints'], ['acceptedLayouts', 'Accepted layouts'],
  ['embeddingDim', 'Embedding size (D)'], ['numSamples', 'Samples per pose (K)'],
  ['sigmoidA', 'Sigmoid a'], ['sigmoidB', 'Sigmoid b'], ['smoothing', 'Smoothing'], ['kappa', 'Kappa'],
  ['executionProvider', 'Execution provider'], ['sha256', 'SHA-256 of model.onnx'],
];

export function renderModelCard(list, metricsBox, card) {
  list.replaceChildren();
  for (const [key, label] of CARD_FIELDS) {
    if (card[key] === undefined || card[key] === null) continue;
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = Array.isArray(card[key]) ? card[key].join(', ') : String(card[key]);
    list.append(dt, dd);
  }
  metricsBox.replaceChildren(metricsView(card.metrics));
}

// Metrics are what the export wrote: usually an object of numbers (possibly nested).
function metricsView(metrics) {
  if (metrics === null || metrics === undefined || (typeof metrics === 'object' && Object.keys(metrics).length === 0)) {
    const p = document.createElement('p');
    p.textContent = 'This model reports no validation metrics.';
    return p;
  }
  const table = document.createElement('table');
  table.className = 'metrics';
  const body = table.createTBody();
  const walk = (value, path) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    const row = body.insertRow();
    cell(row, path, 'th').scope = 'row';
    cell(row, typeof value === 'number' ? String(Math.round(value * 10000) / 10000) : JSON.stringify(value)).className = 'number';
  };
  walk(metrics, '');
  return table;
}
