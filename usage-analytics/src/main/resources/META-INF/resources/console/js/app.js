import { api, adminKey, setAdminKey, forgetAdminKey, whenUnauthorized, query, ApiError } from './api.js';
import { followAlerts } from './sse.js';
import { usageChart } from './chart.js';

// Everything is built with textContent and DOM nodes, never innerHTML: alert fields come from
// events and may hold anything.
function el(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') n.className = v;
    else if (k.startsWith('on')) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    n.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return n;
}

const $ = (id) => document.getElementById(id);
const state = { session: null, stopFeed: null, listeners: new Set() };

function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

function can(role) {
  return state.session && state.session.roles.includes(role);
}

// ---------------------------------------------------------------------------------------------
// Sign in / out
// ---------------------------------------------------------------------------------------------
async function signIn(event) {
  event.preventDefault();
  const key = $('admin-key').value.trim();
  $('login-error').textContent = '';
  try {
    const session = await api('/v1/console/session', { key });
    setAdminKey(key);
    $('admin-key').value = '';
    start(session);
  } catch (e) {
    $('login-error').textContent = e instanceof ApiError && e.status === 401
      ? 'This admin key is not valid.'
      : e instanceof ApiError && e.status === 403
        ? 'This admin key holds no console role (analyst, operator or auditor).'
        : 'Cannot sign in right now: ' + e.message;
  }
}

function signOut() {
  forgetAdminKey();
  if (state.stopFeed) state.stopFeed();
  state.stopFeed = null;
  state.session = null;
  showLogin();
}

function showLogin() {
  $('login').hidden = false;
  $('view').hidden = true;
  $('nav').hidden = true;
  $('live').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  $('admin-key').focus();
}

function start(session) {
  state.session = session;
  $('login').hidden = true;
  $('view').hidden = false;
  $('nav').hidden = false;
  $('live').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = `${session.tenantId}${session.platform ? ' (platform)' : ''} · ${session.roles.join(', ')}`;
  $('who').dataset.roles = session.roles.join(' ');
  if (!state.stopFeed) {
    state.stopFeed = followAlerts({
      onEvent: (e) => state.listeners.forEach((l) => l(e)),
      onState: (on) => {
        $('live').textContent = on ? 'live' : 'offline';
        $('live').className = 'live ' + (on ? 'on' : 'off');
      },
      onUnauthorized: signOut,
    });
  }
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/alerts';
  else route();
}

// ---------------------------------------------------------------------------------------------
// Router: #/alerts, #/alerts/<id>, #/keys/<credentialId>, #/hygiene
// ---------------------------------------------------------------------------------------------
function route() {
  if (!state.session) return;
  state.listeners.clear();
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const view = $('view');
  view.replaceChildren();
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.route === parts[0]));
  if (parts[0] === 'alerts' && parts[1]) alertView(view, parts[1]);
  else if (parts[0] === 'keys' && parts[1]) keyView(view, parts[1], parts[2]);
  else if (parts[0] === 'hygiene') hygieneView(view);
  else alertsView(view);
}

function failure(view, e) {
  view.appendChild(el('p', { class: 'error', role: 'alert' }, e.message));
}

// ---------------------------------------------------------------------------------------------
// Alerts, live
// ---------------------------------------------------------------------------------------------
function severityCell(s) {
  return el('span', { class: 'sev sev-' + s }, s);
}

function statusCell(s) {
  return el('span', { class: 'status status-' + s, 'data-status': s }, s.replace('_', ' ').toLowerCase());
}

function alertRow(a, fresh) {
  return el('tr', { id: 'alert-' + a.id, class: fresh ? 'fresh' : null, 'data-alert-id': a.id },
    el('td', {}, fmtTime(a.occurredAt)),
    el('td', {}, severityCell(a.severity)),
    el('td', {}, el('a', { href: '#/alerts/' + a.id }, a.detector)),
    state.session.platform ? el('td', {}, a.tenantId) : null,
    el('td', {}, el('a', { class: 'mono', href: '#/keys/' + encodeURIComponent(a.credentialId) + (state.session.platform ? '/' + a.tenantId : '') }, a.credentialId)),
    el('td', {}, a.description || ''),
    el('td', { class: 'status-cell' }, statusCell(a.status)));
}

function alertTable() {
  return el('table', { id: 'alerts-table' },
    el('thead', {}, el('tr', {},
      el('th', {}, 'Time'), el('th', {}, 'Severity'), el('th', {}, 'Detector'),
      state.session.platform ? el('th', {}, 'Tenant') : null,
      el('th', {}, 'Key'), el('th', {}, 'What'), el('th', {}, 'Status'))),
    el('tbody', {}));
}

async function alertsView(view) {
  const filters = { severity: '', status: '', credentialId: '', tenant: '' };
  const form = el('form', { class: 'filters', id: 'alert-filters' },
    el('div', {}, el('label', { for: 'f-severity' }, 'Severity'),
      el('select', { id: 'f-severity' }, ['', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((s) => el('option', { value: s }, s || 'any')))),
    el('div', {}, el('label', { for: 'f-status' }, 'Status'),
      el('select', { id: 'f-status' }, ['', 'OPEN', 'ACKNOWLEDGED', 'FALSE_POSITIVE'].map((s) => el('option', { value: s }, s || 'any')))),
    el('div', {}, el('label', { for: 'f-key' }, 'Key id'), el('input', { id: 'f-key', maxlength: 80, placeholder: 'key_…' })),
    state.session.platform ? el('div', {}, el('label', { for: 'f-tenant' }, 'Tenant'), el('input', { id: 'f-tenant', maxlength: 63 })) : null,
    el('button', { type: 'submit' }, 'Filter'),
    el('button', { type: 'button', class: 'secondary', id: 'export-ocsf', onclick: () => exportOcsf(filters) }, 'Export OCSF'));
  const table = alertTable();
  const more = el('button', { type: 'button', class: 'secondary', id: 'more', hidden: true }, 'Older alerts');
  const error = el('p', { class: 'error', role: 'alert' });
  view.append(el('div', { class: 'card' }, el('h1', {}, 'Alerts'), form), el('div', { class: 'card' }, table, more, error));
  const body = table.tBodies[0];
  let next = null;

  async function load(append) {
    error.textContent = '';
    try {
      const page = await api('/v1/alerts' + query({ ...filters, cursor: append ? next : null, limit: 50 }));
      if (!append) body.replaceChildren();
      page.items.forEach((a) => body.appendChild(alertRow(a, false)));
      next = page.next;
      more.hidden = !next;
      if (!append && page.items.length === 0) body.appendChild(el('tr', { class: 'empty' }, el('td', { colspan: 7, class: 'muted' }, 'No alerts.')));
    } catch (e) {
      error.textContent = e.message;
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filters.severity = $('f-severity').value;
    filters.status = $('f-status').value;
    filters.credentialId = $('f-key').value.trim();
    filters.tenant = state.session.platform ? $('f-tenant').value.trim() : '';
    load(false);
  });
  more.addEventListener('click', () => load(true));

  const matches = (a) => (!filters.severity || a.severity === filters.severity)
    && (!filters.status || a.status === filters.status)
    && (!filters.credentialId || a.credentialId === filters.credentialId)
    && (!filters.tenant || a.tenantId === filters.tenant);
  state.listeners.add((e) => {
    if (e.name !== 'alert' && e.name !== 'update') return;
    const a = e.data;
    const existing = document.getElementById('alert-' + a.id);
    if (existing) {
      existing.replaceWith(alertRow(a, true));
    } else if (e.name === 'alert' && matches(a)) {
      const empty = body.querySelector('tr.empty');
      if (empty) empty.remove();
      body.insertBefore(alertRow(a, true), body.firstChild);
    }
  });
  await load(false);
}

async function exportOcsf(filters) {
  try {
    const result = await api('/v1/alerts/export/ocsf' + query({ ...filters, limit: 1000 }));
    const blob = new Blob([JSON.stringify(result.findings, null, 2)], { type: 'application/json' });
    const a = el('a', { href: URL.createObjectURL(blob), download: 'watchword-alerts-ocsf.json' });
    document.body.appendChild(a);
    a.click();
    a.remove();
  } catch (e) {
    alert('Export failed: ' + e.message);
  }
}

// ---------------------------------------------------------------------------------------------
// One alert
// ---------------------------------------------------------------------------------------------
function definitions(pairs) {
  return el('dl', {}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

async function alertView(view, id) {
  let detail;
  try {
    detail = await api('/v1/alerts/' + encodeURIComponent(id));
  } catch (e) {
    return failure(view, e);
  }
  // The key's requests per hour over the day before the alert (analytics' rollups, usage:read).
  const usageCard = el('div', { class: 'card', id: 'alert-usage' }, el('h2', {}, 'The key\'s recent usage'),
    el('div', { class: 'legend' }, el('span', { class: 'l-series' }, '— requests/hour'), el('span', { class: 'l-baseline' }, '- - baseline'), el('span', { class: 'l-alert' }, '| this alert')));
  render();
  (async () => {
    const at = new Date(detail.alert.occurredAt);
    const tenantParam = state.session.platform ? { tenant: detail.alert.tenantId } : {};
    try {
      const usage = await api('/v1/keys/' + encodeURIComponent(detail.alert.credentialId) + '/usage'
        + query({ from: new Date(at.getTime() - 24 * 3600 * 1000).toISOString(), to: new Date(at.getTime() + 3600 * 1000).toISOString(), granularity: 'hour', ...tenantParam }));
      usageCard.appendChild(usageChart(usagePoints(usage), [at]));
    } catch (e) {
      usageCard.appendChild(el('p', { class: 'muted' }, 'Usage is not available: ' + e.message));
    }
  })();
  state.listeners.add(async (e) => {
    if ((e.name === 'update' || e.name === 'alert') && e.data.id === id) {
      try {
        detail = await api('/v1/alerts/' + encodeURIComponent(id));
        render();
      } catch (err) { /* the next event or a reload will show it */ }
    }
  });

  function render() {
    const a = detail.alert;
    const ev = detail.event || {};
    const keyHref = '#/keys/' + encodeURIComponent(a.credentialId) + (state.session.platform ? '/' + a.tenantId : '');
    const summary = el('div', { class: 'card', id: 'alert-detail', 'data-status': a.status },
      el('h1', {}, severityCell(a.severity), ' ', a.detector, ' ', statusCell(a.status)),
      el('p', {}, a.description || ''),
      definitions([
        ['Alert id', el('span', { class: 'mono' }, a.id)],
        ['Tenant', a.tenantId],
        ['Key', el('a', { class: 'mono', href: keyHref }, a.credentialId)],
        ['Score', String(a.score)],
        ['Occurred', fmtTime(a.occurredAt)],
        ['Window', ev.windowStart ? fmtTime(ev.windowStart) + ' – ' + fmtTime(ev.windowEnd) : ''],
        ['First / last event', ev.firstEventAt ? fmtTime(ev.firstEventAt) + ' / ' + fmtTime(ev.lastEventAt) : ''],
        ['Recommended', a.recommendedAction || ''],
      ]));

    const findings = el('div', { class: 'card' }, el('h2', {}, 'Findings'),
      el('table', {}, el('thead', {}, el('tr', {}, ['Detector', 'Score', 'Observed', 'Expected', 'Why'].map((h) => el('th', {}, h)))),
        el('tbody', {}, (ev.findings && ev.findings.length ? ev.findings : [{ detector: ev.detector, score: ev.score, description: ev.description }])
          .map((f) => el('tr', {}, el('td', {}, f.detector), el('td', {}, String(f.score ?? '')), el('td', {}, f.observed || ''), el('td', {}, f.expected || ''), el('td', {}, f.description || ''))))),
      Object.keys(ev.evidence || {}).length ? el('div', {}, el('h3', {}, 'Evidence'), definitions(Object.entries(ev.evidence))) : null);

    const samples = el('div', { class: 'card' }, el('h2', {}, 'Sample requests'),
      (ev.samples && ev.samples.length)
        ? el('table', {}, el('thead', {}, el('tr', {}, ['Time', 'Service', 'Request', 'Status', 'Client', 'Outcome'].map((h) => el('th', {}, h)))),
          el('tbody', {}, ev.samples.map((s) => el('tr', {}, el('td', {}, fmtTime(s.occurredAt)), el('td', {}, s.service || ''),
            el('td', { class: 'mono' }, (s.method || '') + ' ' + (s.route || '')), el('td', {}, String(s.status ?? '')),
            el('td', { class: 'mono' }, s.clientIp || ''), el('td', {}, (s.outcome || '') + (s.refusalReason ? ' (' + s.refusalReason + ')' : ''))))))
        : el('p', { class: 'muted' }, 'The alert quotes no requests.'));

    const policy = el('div', { class: 'card', id: 'policy' }, el('h2', {}, 'What the policy did'),
      detail.decisions.length
        ? el('ul', {}, detail.decisions.map((d) => el('li', {}, fmtTime(d.decidedAt), ': ', el('strong', {}, d.action), d.dryRun ? ' (dry run)' : '', d.policyRule ? ' by rule ' + d.policyRule : '', d.reason ? ' — ' + d.reason : '')))
        : el('p', { class: 'muted' }, 'No response decision recorded.'));

    const history = el('div', { class: 'card', id: 'triage' }, el('h2', {}, 'Triage'),
      detail.triage.length
        ? el('ul', { id: 'triage-history' }, detail.triage.map((t) => el('li', {}, fmtTime(t.at), ' ', el('strong', {}, t.action.replace('_', ' ').toLowerCase()), ' by ', el('span', { class: 'mono' }, t.actor),
          t.reinstatement ? ' — suspension: ' + t.reinstatement.replace('_', ' ').toLowerCase() : '', t.note ? el('div', {}, t.note) : null)))
        : el('p', { class: 'muted' }, 'Nobody has triaged this alert yet.'));

    if (can('analyst')) history.appendChild(triageActions(a));
    else history.appendChild(el('p', { class: 'muted' }, 'Triage needs the analyst role.'));
    view.replaceChildren(summary, el('div', { class: 'grid' }, findings, policy), usageCard, samples, history);
  }

  function triageActions(a) {
    const note = el('textarea', { id: 'triage-note', maxlength: 2000, placeholder: 'Note (optional for acknowledge / false positive)' });
    const error = el('p', { class: 'error', role: 'alert', id: 'triage-error' });
    async function act(path, needsNote) {
      error.textContent = '';
      const text = note.value.trim();
      if (needsNote && !text) { error.textContent = 'Write a note first.'; return; }
      try {
        await api('/v1/alerts/' + encodeURIComponent(a.id) + '/' + path, { method: 'POST', body: text ? { note: text } : {} });
        detail = await api('/v1/alerts/' + encodeURIComponent(a.id));
        render();
      } catch (e) {
        error.textContent = e.message;
      }
    }
    return el('div', {},
      el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'acknowledge', disabled: a.status !== 'OPEN', onclick: () => act('acknowledge', false) }, 'Acknowledge'),
        el('button', { type: 'button', id: 'false-positive', class: 'secondary', disabled: a.status === 'FALSE_POSITIVE', onclick: () => act('false-positive', false) }, 'False positive (lift suspension)'),
        note,
        el('button', { type: 'button', id: 'add-note', class: 'secondary', onclick: () => act('notes', true) }, 'Add note')),
      error);
  }
}

// ---------------------------------------------------------------------------------------------
// A key: usage against its baseline, its alerts, scope advice
// ---------------------------------------------------------------------------------------------
function usagePoints(body) {
  const list = Array.isArray(body) ? body : (body && (body.points || body.buckets || body.items || body.usage)) || [];
  return list.map((p) => ({
    t: new Date(p.bucket || p.start || p.bucketStart || p.at || p.time || p.minute),
    v: Number(p.requests ?? p.count ?? p.total ?? 0),
  })).filter((p) => !isNaN(p.t)).sort((x, y) => x.t - y.t);
}

async function keyView(view, credentialId, tenant) {
  const tenantParam = state.session.platform && tenant ? { tenant } : {};
  const chartCard = el('div', { class: 'card', id: 'usage' }, el('h1', {}, 'Key ', el('span', { class: 'mono' }, credentialId)),
    el('h2', {}, 'Requests per hour, last 7 days'),
    el('div', { class: 'legend' }, el('span', { class: 'l-series' }, '— requests'), el('span', { class: 'l-baseline' }, '- - baseline (±2σ band)'), el('span', { class: 'l-alert' }, '| alert')));
  const alertsCard = el('div', { class: 'card' }, el('h2', {}, 'Alert history'));
  const adviceCard = el('div', { class: 'card', id: 'scope-advice' }, el('h2', {}, 'Scope advice (30 days)'));
  view.append(chartCard, el('div', { class: 'grid' }, alertsCard, adviceCard));

  const to = new Date();
  const from = new Date(to.getTime() - 7 * 24 * 3600 * 1000);
  let alerts = [];
  try {
    const page = await api('/v1/alerts' + query({ credentialId, ...tenantParam, limit: 200 }));
    alerts = page.items;
    const table = alertTable();
    alerts.forEach((a) => table.tBodies[0].appendChild(alertRow(a, false)));
    alertsCard.appendChild(alerts.length ? table : el('p', { class: 'muted' }, 'No alerts for this key.'));
  } catch (e) {
    alertsCard.appendChild(el('p', { class: 'error' }, e.message));
  }
  try {
    const usage = await api('/v1/keys/' + encodeURIComponent(credentialId) + '/usage'
      + query({ from: from.toISOString(), to: to.toISOString(), granularity: 'hour', ...tenantParam }));
    chartCard.appendChild(usageChart(usagePoints(usage), alerts.map((a) => new Date(a.occurredAt))));
  } catch (e) {
    chartCard.appendChild(usageChart([], []));
    chartCard.appendChild(el('p', { class: 'muted' }, 'Usage is not available: ' + e.message));
  }
  try {
    const advice = await api('/v1/keys/' + encodeURIComponent(credentialId) + '/scope-advice' + query({ window: 'P30D', ...tenantParam }));
    adviceCard.appendChild(definitions(Object.entries(advice || {})
      .filter(([, v]) => v === null || typeof v !== 'object' || Array.isArray(v))
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') || '—' : String(v ?? '—')])));
  } catch (e) {
    adviceCard.appendChild(el('p', { class: 'muted' }, 'Scope advice is not available: ' + e.message));
  }
}

// ---------------------------------------------------------------------------------------------
// Hygiene: stale keys
// ---------------------------------------------------------------------------------------------
async function hygieneView(view) {
  // The tenant's policy (0218) decides the period; without policies:read the 30-day view remains.
  const policyCard = el('div', { class: 'card', id: 'hygiene-policy' }, el('h1', {}, 'Hygiene policy'));
  const noticesCard = el('div', { class: 'card', id: 'hygiene-notices' }, el('h1', {}, 'Pending notices'),
    el('p', { class: 'muted' }, 'Owners were warned; each key is revoked at its date unless used before.'));
  let unusedFor = 'P30D';
  try {
    const policy = await api('/v1/hygiene/policy');
    unusedFor = policy.unusedFor || unusedFor;
    policyCard.appendChild(definitions([
      ['mode', policy.mode],
      ['unused for', policy.unusedFor],
      ['grace period', policy.gracePeriod],
      ['expiry notices', (policy.expiryNotices || []).join(', ') || '—'],
      ['set by', policy.isDefault ? 'default' : String(policy.updatedBy ?? '—')],
    ]));
  } catch (e) {
    policyCard.appendChild(el('p', { class: 'muted' }, 'The policy is not available: ' + e.message));
  }
  try {
    const notices = await api('/v1/hygiene/notices' + query({ state: 'PENDING' }));
    const items = (notices && notices.items) || [];
    noticesCard.appendChild(items.length
      ? el('table', {}, el('thead', {}, el('tr', {}, ['key', 'name', 'warned', 'revoke at', 'last used'].map((c) => el('th', {}, c)))),
        el('tbody', {}, items.map((n) => el('tr', {},
          el('td', {}, el('a', { class: 'mono', href: '#/keys/' + encodeURIComponent(n.credentialId) }, n.credentialId)),
          el('td', {}, String(n.name ?? '—')),
          el('td', {}, String(n.notifiedAt ?? '—')),
          el('td', {}, String(n.revokeAt ?? 'never (notify only)')),
          el('td', {}, String(n.lastUsedAt ?? 'never'))))))
      : el('p', {}, 'No pending notices.'));
  } catch (e) {
    noticesCard.appendChild(el('p', { class: 'muted' }, 'Notices are not available: ' + e.message));
  }
  const card = el('div', { class: 'card', id: 'stale-keys' }, el('h1', {}, 'Stale keys'), el('p', { class: 'muted' }, 'Keys never used, or not used for ' + unusedFor + '.'));
  view.append(policyCard, noticesCard, card);
  try {
    const body = await api('/v1/keys/stale' + query({ unusedFor }));
    const items = Array.isArray(body) ? body : (body && (body.items || body.keys)) || [];
    if (!items.length) {
      card.appendChild(el('p', {}, 'No stale keys.'));
      return;
    }
    const columns = Object.keys(items[0]).filter((k) => typeof items[0][k] !== 'object' || items[0][k] === null);
    card.appendChild(el('table', {}, el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c)))),
      el('tbody', {}, items.map((k) => el('tr', {}, columns.map((c) => el('td', {},
        c === 'credentialId' || c === 'id' ? el('a', { class: 'mono', href: '#/keys/' + encodeURIComponent(k[c]) }, k[c]) : String(k[c] ?? '—'))))))));
  } catch (e) {
    card.appendChild(el('p', { class: 'muted' }, 'Stale keys are not available: ' + e.message));
  }
}

// ---------------------------------------------------------------------------------------------
whenUnauthorized(signOut);
window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', async () => {
  $('login-form').addEventListener('submit', signIn);
  $('logout').addEventListener('click', signOut);
  if (!adminKey()) return showLogin();
  try {
    start(await api('/v1/console/session'));
  } catch (e) {
    showLogin();
  }
});
