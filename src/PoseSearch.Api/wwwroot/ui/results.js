// The matches: each drawn as a skeleton (its stored model13 keypoints, fetched per hit) with
// its probability and metadata, and the query drawn beside them.

import { request } from './api.js';
import { toModel13 } from './layouts.js';
import { figure } from './skeleton.js';

const PARALLEL_FETCHES = 6;
const storedPoses = new Map(); // "collection\nid" -> the stored pose (GET .../poses/{id})

function element(tag, { text, className, attributes } = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  for (const [k, v] of Object.entries(attributes ?? {})) e.setAttribute(k, v);
  return e;
}

export function formatProbability(p) {
  if (p >= 0.001) return `${(p * 100).toFixed(1)} %`;
  return `${(p * 100).toPrecision(2)} %`;
}

export function renderQuery(container, query) {
  const card = element('figure', { className: 'hit query' });
  card.append(figure(query.joints, `The query: ${query.label}`));
  card.append(element('figcaption', { text: `Query: ${query.label}` }));
  container.replaceChildren(card);
}

function metadataList(hit) {
  const list = element('dl', { className: 'meta' });
  const add = (term, value, className) => {
    if (value === undefined || value === null || value === '') return;
    list.append(element('dt', { text: term }), element('dd', { text: String(value), className }));
  };
  const m = hit.metadata ?? {};
  add('Video', m.videoId, 'video');
  add('Frame', m.frame, 'frame');
  add('Person', m.person, 'person');
  if (typeof hit.ambiguity === 'number') add('Ambiguity', hit.ambiguity.toFixed(2), 'ambiguity');
  if (hit.mirrored === true) add('Matched', 'as a mirror image', 'mirrored');
  add('Id', hit.id, 'id');
  return list;
}

/**
 * Draws `hits` (the search response's, best first) into the list `container`; the skeletons
 * appear as their poses arrive. `actions`: moreLikeThis(storedPose), onlyVideo(videoId), isCurrent().
 */
export async function renderHits(container, collection, hits, actions) {
  const cards = hits.map((hit, rank) => {
    const card = element('li', { className: 'hit', attributes: { 'data-id': hit.id } });
    const picture = element('div', { className: 'picture', attributes: { 'aria-busy': 'true' } });
    const header = element('p', { className: 'score' });
    header.append(element('span', { text: `#${rank + 1}`, className: 'rank' }), ' ',
      element('strong', { text: formatProbability(hit.probability), className: 'probability', attributes: { title: 'match probability' } }));
    const more = element('button', { text: 'More like this', attributes: { type: 'button', disabled: '' } });
    const buttons = element('div', { className: 'actions' });
    buttons.append(more);
    const videoId = hit.metadata?.videoId;
    if (videoId) {
      const only = element('button', { text: 'Only this video', attributes: { type: 'button' } });
      only.addEventListener('click', () => actions.onlyVideo(videoId));
      buttons.append(only);
    }
    card.append(picture, header, metadataList(hit), buttons);
    return { hit, card, picture, more };
  });
  container.replaceChildren(...cards.map((c) => c.card));

  let next = 0;
  const worker = async () => {
    while (next < cards.length && actions.isCurrent()) {
      const { hit, picture, more } = cards[next++];
      try {
        const stored = await storedPose(collection, hit.id);
        picture.replaceChildren(figure(toModel13(stored.pose), `Pose ${hit.id}, ${formatProbability(hit.probability)}`));
        more.disabled = false;
        more.addEventListener('click', () => actions.moreLikeThis(stored));
        more.setAttribute('aria-label', `More like ${hit.id}`);
      } catch (e) {
        picture.replaceChildren(element('p', { text: `pose not shown: ${e.message}`, className: 'error' }));
      } finally {
        picture.removeAttribute('aria-busy');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FETCHES, cards.length) }, worker));
}

async function storedPose(collection, id) {
  const key = `${collection}\n${id}`;
  if (!storedPoses.has(key)) {
    const pose = await request(`/v1/collections/${encodeURIComponent(collection)}/poses/${encodeURIComponent(id)}`);
    if (storedPoses.size > 2000) storedPoses.clear();
    storedPoses.set(key, pose);
  }
  return storedPoses.get(key);
}
