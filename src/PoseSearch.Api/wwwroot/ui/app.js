// The page: wires the query figure, detector files, search, results, collections, model card and the Align tab.

import { initAlignTab } from './align-tab.js';
import { ApiError, currentKey, openApiSchema, request, setKey } from './api.js';
import { DetectorFileError, readDetectorFile } from './detector-files.js';
import { NORMALIZED_LAYOUTS, model13Pose, toModel13 } from './layouts.js';
import { PoseEditor } from './editor.js';
import { PRESETS } from './presets.js';
import { renderCollections, renderModelCard } from './panels.js';
import { renderHits, renderQuery } from './results.js';
import { JOINT_LABELS } from './skeleton.js';

const $ = (id) => document.getElementById(id);
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const state = {
  query: null, // { pose: API pose, label, joints: model13 joints for drawing }
  people: [], // people read from the last detector file
  model: null, // GET /v1/model
  collections: [],
  mirrorSupported: false,
  searchSeq: 0,
};

// --- errors ---------------------------------------------------------------------------------

export function showError(element, error) {
  const message = error instanceof ApiError || error instanceof DetectorFileError || error instanceof Error ? error.message : String(error);
  const paragraph = document.createElement('p');
  paragraph.textContent = message;
  element.replaceChildren(paragraph);
  if (error instanceof ApiError && error.lines.length) {
    const list = document.createElement('ul');
    for (const line of error.lines) {
      const item = document.createElement('li');
      item.textContent = line;
      list.append(item);
    }
    element.append(list);
  }
  if (error instanceof ApiError && error.status === 401) $('key-box').open = true;
  element.hidden = false;
}

function clearError(element) {
  element.hidden = true;
  element.replaceChildren();
}

// --- tabs -----------------------------------------------------------------------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];

function openTab(tab) {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !selected;
  }
  if (tab.id === 'tab-collections') loadCollections();
  if (tab.id === 'tab-model') loadModel();
}

tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => openTab(tab));
  tab.addEventListener('keydown', (e) => {
    const next = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!next) return;
    const target = tabs[(i + next + tabs.length) % tabs.length];
    target.focus();
    openTab(target);
  });
});

// --- API key --------------------------------------------------------------------------------

$('api-key').value = currentKey();
$('remember-key').checked = currentKey() !== '';
$('save-key').addEventListener('click', () => {
  setKey($('api-key').value, $('remember-key').checked);
  $('key-box').open = false;
  loadCollections();
});

// --- the figure -----------------------------------------------------------------------------

const editor = new PoseEditor($('editor'), () => useFigure(), (joint) => showSelected(joint));

function showSelected(joint) {
  const missing = editor.joints[joint] && !editor.joints[joint].visible;
  $('selected-joint').textContent = `Selected: ${JOINT_LABELS[joint]}${missing ? ' (missing)' : ''}`;
  $('toggle-missing').textContent = missing ? 'Mark present' : 'Mark missing';
  $('toggle-missing').setAttribute('aria-pressed', String(!!missing));
}

function useFigure() {
  setQuery({ pose: model13Pose(editor.joints), label: 'the figure', joints: editor.joints.map((j) => ({ ...j })) });
  showSelected(editor.selected);
}

function setQuery(query) {
  state.query = query;
  $('query-source').textContent = `Query: ${query.label}`;
}

for (const [key, preset] of Object.entries(PRESETS)) {
  $('preset').append(new Option(preset.label, key));
}
$('apply-preset').addEventListener('click', () => {
  editor.setJoints(PRESETS[$('preset').value].joints);
  useFigure();
});
$('mirror').addEventListener('click', () => editor.mirror());
$('toggle-missing').addEventListener('click', () => editor.toggleMissing());
editor.setJoints(PRESETS.standing.joints);
editor.select(0);
useFigure();

// --- detector files -------------------------------------------------------------------------

$('file').addEventListener('change', async () => {
  const file = $('file').files[0];
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    showFileError(new DetectorFileError(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; this page reads files up to 20 MB.`));
    return;
  }
  readPeople(await file.text(), file.name);
});
$('read-paste').addEventListener('click', () => readPeople($('paste').value, 'the pasted text'));
$('person-pick').addEventListener('change', () => usePerson(Number($('person-pick').value)));
for (const id of ['image-width', 'image-height']) $(id).addEventListener('change', () => usePerson(Number($('person-pick').value)));

function showFileError(error) {
  state.people = [];
  $('person-field').hidden = true;
  $('image-size').hidden = true;
  showError($('file-error'), error);
}

function readPeople(text, source) {
  clearError($('file-error'));
  try {
    state.people = readDetectorFile(text, source);
  } catch (e) {
    if (!(e instanceof DetectorFileError)) throw e;
    showFileError(e);
    return;
  }
  state.source = source;
  const pick = $('person-pick');
  pick.replaceChildren(...state.people.map((p, i) => new Option(`${i + 1}: ${p.label}`, String(i))));
  $('person-field').hidden = state.people.length < 2;
  if (usePerson(0)) search();
}

/** Makes person `index` of the file the query; false (and a shown error) when it cannot be drawn. */
function usePerson(index) {
  const person = state.people[index];
  if (!person) return false;
  const pose = { ...person.pose };
  const needsSize = NORMALIZED_LAYOUTS.has(pose.layout) && !(pose.imageWidth && pose.imageHeight);
  $('image-size').hidden = !needsSize;
  if (needsSize) {
    pose.imageWidth = Number($('image-width').value);
    pose.imageHeight = Number($('image-height').value);
  }
  let joints;
  try {
    joints = toModel13(pose);
  } catch (e) {
    showError($('file-error'), new DetectorFileError(`${state.source}, ${person.label}: ${e.message}`));
    return false;
  }
  clearError($('file-error'));
  editor.loadFitted(joints);
  editor.select(editor.selected);
  setQuery({ pose, label: `${person.label} of ${state.source} (${pose.layout})`, joints });
  return true;
}

// --- search ---------------------------------------------------------------------------------

function searchBody() {
  const body = { pose: state.query.pose };
  const k = $('k').value.trim();
  const minProbability = $('min-probability').value.trim();
  if (k !== '') body.k = Number(k);
  if (minProbability !== '') body.minProbability = Number(minProbability);
  const filter = {};
  const video = $('filter-video').value.trim();
  const person = $('filter-person').value.trim();
  if (video) filter.videoId = video;
  if (person !== '') filter.person = Number(person);
  if (Object.keys(filter).length) body.filter = filter;
  if (state.mirrorSupported && $('mirror-search').checked) body.mirror = true;
  return body;
}

async function search() {
  const collection = $('collection').value;
  const error = $('search-error');
  clearError(error);
  if (!collection) {
    showError(error, new Error('There is no collection to search yet: create one and add poses (see the API reference).'));
    return;
  }
  const seq = ++state.searchSeq;
  $('search-status').textContent = `Searching ${collection}…`;
  $('results').setAttribute('aria-busy', 'true');
  try {
    const response = await request(`/v1/collections/${encodeURIComponent(collection)}/search`, { method: 'POST', body: searchBody() });
    if (seq !== state.searchSeq) return; // a newer search has started
    renderQuery($('query-card'), state.query);
    await renderHits($('results'), collection, response.hits, {
      moreLikeThis: (stored) => {
        editor.loadFitted(toModel13(stored.pose));
        setQuery({ pose: stored.pose, label: `more like ${stored.id}`, joints: toModel13(stored.pose) });
        search();
      },
      onlyVideo: (videoId) => {
        $('filter-video').value = videoId;
        search();
      },
      isCurrent: () => seq === state.searchSeq,
    });
    if (seq !== state.searchSeq) return;
    $('search-status').textContent = response.hits.length === 0
      ? `No match in ${collection}${hasFilters() ? ' with these filters' : ''}.`
      : `${response.hits.length} match${response.hits.length === 1 ? '' : 'es'} in ${collection}, best first (${response.candidatesScored} candidates scored).`;
  } catch (e) {
    if (seq !== state.searchSeq) return;
    $('results').replaceChildren();
    $('search-status').textContent = 'The search failed.';
    showError(error, e);
  } finally {
    if (seq === state.searchSeq) $('results').removeAttribute('aria-busy');
  }
}

function hasFilters() {
  return $('filter-video').value.trim() !== '' || $('filter-person').value.trim() !== '' || Number($('min-probability').value) > 0;
}

$('search').addEventListener('click', search);

// --- collections and model ------------------------------------------------------------------

async function loadModel() {
  try {
    state.model = await request('/v1/model');
    clearError($('model-error'));
    renderModelCard($('model-card'), $('model-metrics'), state.model);
  } catch (e) {
    showError($('model-error'), e);
  }
  return state.model;
}

async function loadCollections() {
  try {
    const [list] = await Promise.all([request('/v1/collections'), state.model ? null : loadModel()]);
    state.collections = list.collections;
    clearError($('collections-error'));
  } catch (e) {
    showError($('collections-error'), e);
    showError($('search-error'), e);
    return;
  }
  const select = $('collection');
  const previous = select.value;
  const loadedSha = state.model?.sha256;
  select.replaceChildren(...state.collections.map((c) => new Option(
    `${c.name} (${c.poseCount.toLocaleString('en')} poses${loadedSha && c.model.sha256 !== loadedSha ? ', other model' : ''})`, c.name)));
  const names = state.collections.map((c) => c.name);
  select.value = names.includes(previous) ? previous : names.includes('demo') ? 'demo' : names[0] ?? '';
  renderCollections($('collections-table').tBodies[0], state.collections, loadedSha, (name) => {
    select.value = name;
    openTab($('tab-search'));
    $('search').focus();
  });
}

async function detectFeatures() {
  const schema = await openApiSchema('SearchRequest');
  state.mirrorSupported = Boolean(schema?.properties?.mirror);
  $('mirror-search-field').hidden = !state.mirrorSupported;
}

loadCollections();
detectFeatures();
initAlignTab($, showError, clearError);
