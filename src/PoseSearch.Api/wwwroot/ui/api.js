// Calls to the PoseSearch API on this origin. The API key, when the service wants one, lives in
// memory, or in this tab's sessionStorage if the user asks: never in localStorage or a cookie.

const KEY_STORAGE = 'posesearch.apiKey';
let apiKey = sessionStorage.getItem(KEY_STORAGE) ?? '';

export function currentKey() {
  return apiKey;
}

/** Sets the key; `rememberInTab` keeps it in sessionStorage (gone when the tab closes). */
export function setKey(key, rememberInTab) {
  apiKey = key.trim();
  if (rememberInTab && apiKey) sessionStorage.setItem(KEY_STORAGE, apiKey);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** An error answer of the API (RFC 7807 problem) or a failed request, with a readable message. */
export class ApiError extends Error {
  constructor(status, message, lines = []) {
    super(message);
    this.status = status;
    this.lines = lines;
  }
}

/** GET or POST JSON; resolves to the parsed body, rejects with an ApiError. */
export async function request(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (apiKey) headers['X-Api-Key'] = apiKey;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `The service did not answer (${e.message}). Is it running?`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw problemError(response.status, json, text);
  return json;
}

function problemError(status, problem, text) {
  if (status === 401) {
    return new ApiError(status, 'This service needs an API key for this request: enter it under "API key" at the top.');
  }
  if (!problem || typeof problem !== 'object') return new ApiError(status, `HTTP ${status}: ${text.slice(0, 200) || 'no details'}`);
  const lines = [];
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    for (const message of [].concat(messages)) lines.push(`${field}: ${message}`);
  }
  const title = problem.title ?? `HTTP ${status}`;
  const detail = problem.detail && !lines.length ? `: ${problem.detail}` : '';
  return new ApiError(status, `${title}${detail}`, lines);
}

/** The OpenAPI document's schema of `name`, or null when Swagger is off or the schema is absent. */
export async function openApiSchema(name) {
  try {
    const response = await fetch('/swagger/v1/swagger.json', { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const document = await response.json();
    return document?.components?.schemas?.[name] ?? null;
  } catch {
    return null;
  }
}
