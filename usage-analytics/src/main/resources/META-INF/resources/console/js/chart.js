// A small SVG line chart: the key's requests per bucket, its baseline and the alerts raised.
const NS = 'http://www.w3.org/2000/svg';

function node(name, attrs = {}, text) {
  const n = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

/**
 * The baseline each bucket is judged against: an exponentially weighted mean and deviation of the
 * buckets before it (alpha 0.3), as the detector learns a key's normal rate. The first bucket has
 * no baseline.
 */
export function baseline(values, alpha = 0.3) {
  const out = [];
  let mean = null;
  let variance = 0;
  for (const v of values) {
    out.push(mean === null ? null : { mean, dev: Math.sqrt(variance) });
    if (mean === null) {
      mean = v;
    } else {
      const diff = v - mean;
      mean += alpha * diff;
      variance = (1 - alpha) * (variance + alpha * diff * diff);
    }
  }
  return out;
}

/** points: [{t: Date, v: number}] in time order; alerts: [Date]. */
export function usageChart(points, alerts) {
  const W = 800, H = 260, L = 48, R = 12, T = 12, B = 28;
  const svg = node('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Usage over time against its baseline' });
  if (points.length === 0) {
    svg.appendChild(node('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'tick' }, 'No usage recorded in this range'));
    return svg;
  }
  const base = baseline(points.map((p) => p.v));
  const t0 = points[0].t.getTime();
  const t1 = Math.max(points[points.length - 1].t.getTime(), t0 + 1);
  const top = Math.max(1, ...points.map((p) => p.v), ...base.filter(Boolean).map((b) => b.mean + 2 * b.dev));
  const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const y = (v) => H - B - (v / top) * (H - T - B);

  svg.appendChild(node('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
  svg.appendChild(node('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
  for (const f of [0, 0.5, 1]) {
    const v = Math.round(top * f);
    svg.appendChild(node('text', { class: 'tick', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  for (const t of [t0, (t0 + t1) / 2, t1]) {
    svg.appendChild(node('text', { class: 'tick', x: x(t), y: H - 8, 'text-anchor': 'middle' }, new Date(t).toISOString().slice(5, 16).replace('T', ' ')));
  }

  const upper = [], lower = [], mean = [];
  points.forEach((p, i) => {
    const b = base[i];
    if (!b) return;
    upper.push(`${x(p.t.getTime())},${y(b.mean + 2 * b.dev)}`);
    lower.unshift(`${x(p.t.getTime())},${y(Math.max(0, b.mean - 2 * b.dev))}`);
    mean.push(`${x(p.t.getTime())},${y(b.mean)}`);
  });
  if (mean.length > 1) {
    svg.appendChild(node('polygon', { class: 'band', points: upper.concat(lower).join(' ') }));
    svg.appendChild(node('polyline', { class: 'baseline', points: mean.join(' ') }));
  }
  svg.appendChild(node('polyline', { class: 'series', points: points.map((p) => `${x(p.t.getTime())},${y(p.v)}`).join(' ') }));
  for (const a of alerts) {
    const t = a.getTime();
    if (t < t0 || t > t1) continue;
    svg.appendChild(node('line', { class: 'alert-mark', x1: x(t), y1: T, x2: x(t), y2: H - B }));
  }
  return svg;
}
