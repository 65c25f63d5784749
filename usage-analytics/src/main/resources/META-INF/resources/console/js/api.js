// The admin key lives in sessionStorage: this tab only, gone when it closes, never in a URL or a
// cookie (so no CSRF). Any script running in the page could read it: hence the strict CSP and no
// third-party code (decision 0160).
const KEY = 'watchword.adminKey';

export function adminKey() {
  return sessionStorage.getItem(KEY);
}

export function setAdminKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetAdminKey() {
  sessionStorage.removeItem(KEY);
}

/** A problem (RFC 9457) or a network failure, as one error with the status. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const key = options.key || adminKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method || 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    cache: 'no-store',
    credentials: 'omit',
    redirect: 'error',
  });
  const text = await response.text();
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch (e) { body = null; }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.key) onUnauthorized();
    throw new ApiError(response.status, body);
  }
  return body;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => q.append(name, v));
    else q.append(name, value);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
