// Regulator dashboard: GET /v1/regulator/report for a period — per platform, the share of reports
// removed within 48 hours, median and 95th-percentile time to removal, missed deadlines and sync lag
// — as tables and uPlot charts (bundled locally), a weekly trend, and CSV/JSON downloads of the same
// figures. No hash values reach this page.
import {
  startPage, el, api, ApiError, keyGate, keys, formatTime, formatDuration, formatPercent, table, stats,
  showErrors, fieldError,
} from '/assets/js/common.js';

startPage();

const $ = (id) => document.getElementById(id);
const DAY = 86_400_000;
const TREND_WEEKS = 8;
let role = null;

keyGate({
  role: 'regulator',
  form: $('key-form'),
  signedIn: $('signed-in'),
  signOut: $('sign-out'),
  errors: $('errors'),
  onKey: async (key) => {
    const me = await api('/v1/me', { key });
    if (me.role !== 'regulator' && me.role !== 'operator') {
      throw new Error(`That key belongs to a ${String(me.role).replace('_', ' ')} member; this page is for the regulator and the operator.`);
    }
    role = me.role;
    $('member-name').textContent = me.displayName;
    if (!$('to').value) {
      // the hub's clock is the one that runs the 48-hour deadlines: default to its last 30 days
      const health = await api('/health').catch(() => ({}));
      const today = health.time ? new Date(health.time) : new Date();
      $('to').value = isoDate(today);
      $('from').value = isoDate(new Date(today.getTime() - 29 * DAY));
    }
    await show(key);
  },
});

$('period-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded(() => show(keys.get('regulator')));
});
$('refresh').addEventListener('click', () => guarded(() => show(keys.get('regulator'))));
$('export-csv').addEventListener('click', () => guarded(() => download('csv')));
$('export-json').addEventListener('click', () => guarded(() => download('json')));

function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

/** The period as the hub wants it: [from 00:00Z, day after 'to' 00:00Z). */
function period() {
  const from = $('from').value;
  const to = $('to').value;
  const problems = [];
  fieldError($('from-group'), from ? null : 'Enter the first day of the period');
  fieldError($('to-group'), to ? null : 'Enter the last day of the period');
  if (!from) problems.push({ href: '#from', text: 'Enter the first day of the period' });
  if (!to) problems.push({ href: '#to', text: 'Enter the last day of the period' });
  if (from && to && from > to) {
    const text = 'The first day must be on or before the last day';
    fieldError($('from-group'), text);
    problems.push({ href: '#from', text });
  }
  if (problems.length) {
    showErrors($('errors'), problems);
    return null;
  }
  const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY);
  return { from: `${from}T00:00:00Z`, to: end.toISOString().replace('.000Z', 'Z') };
}

const reportPath = (p, format) => `/v1/regulator/report?from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}${format ? `&format=${format}` : ''}`;

async function show(key) {
  const p = period();
  if (!p) return;
  showErrors($('errors'), []);
  const report = await api(reportPath(p), { key });
  // the weekly trend: the same endpoint, one call per week, ending with the period's end
  const end = new Date(p.to).getTime();
  const weeks = await Promise.all(Array.from({ length: TREND_WEEKS }, (_, i) => {
    const to = new Date(end - (TREND_WEEKS - 1 - i) * 7 * DAY);
    const from = new Date(to.getTime() - 7 * DAY);
    return api(reportPath({ from: from.toISOString(), to: to.toISOString() }), { key }).then((r) => ({ to, r }));
  }));
  render(report, weeks);
  $('updated').textContent = `Figures generated ${formatTime(report.generatedAt)}`;
}

function render(report, weeks) {
  const rows = report.platforms || [];
  const total = rows.reduce((n, f) => n + f.reports, 0);
  const within = rows.reduce((n, f) => n + f.removedWithin48h, 0);
  const removed = rows.reduce((n, f) => n + f.removed, 0);
  const breaches = rows.reduce((n, f) => n + f.breaches, 0);
  const atRisk = rows.reduce((n, f) => n + f.atRisk, 0);
  const charts = el('div', { class: 'ro-charts' });
  $('dashboard').replaceChildren(
    el('h2', { class: 'govuk-heading-m', text: `${formatTime(report.from)} to ${formatTime(report.to)}` }),
    stats([
      { value: String(total), label: 'report deliveries to platforms' },
      { value: String(removed), label: 'removals' },
      { value: total ? formatPercent(within / total) : '—', label: 'removed within 48 hours', tone: 'good' },
      { value: String(breaches), label: 'deadlines missed', tone: breaches ? 'bad' : undefined },
      { value: String(atRisk), label: 'at risk now', tone: atRisk ? 'warn' : undefined },
    ]),
    charts,
    table('Figures per platform', ['Platform', 'Reports', 'Delivered', 'Matched', 'Removed', 'Removed within 48 h',
      'Median time to removal', '95th percentile', 'Deadlines missed', 'At risk', 'Median delivery', 'Last contact', 'Changes behind'],
    rows.map((f) => [f.platform, String(f.reports), String(f.delivered), String(f.matched), String(f.removed),
      formatPercent(f.shareRemovedWithin48h), formatDuration(f.medianRemovalSeconds), formatDuration(f.p95RemovalSeconds),
      String(f.breaches), String(f.atRisk), formatDuration(f.medianDeliverySeconds),
      f.secondsSinceContact === null || f.secondsSinceContact === undefined ? 'Never' : `${formatDuration(f.secondsSinceContact)} ago`,
      String(f.changesBehind)]), { id: 'figures-table' }),
  );
  const names = rows.map((f) => f.platform);
  if (!names.length || typeof uPlot === 'undefined') {
    charts.append(el('p', { class: 'govuk-body', text: 'No platform figures in this period yet.' }));
    return;
  }
  const width = () => Math.max(260, Math.min(560, (charts.firstElementChild || charts).clientWidth || 300));
  charts.append(
    barChart(charts, 'chart-share', 'Share removed within 48 hours (%)', names,
      [{ label: 'Removed within 48 h (%)', values: rows.map((f) => (f.shareRemovedWithin48h === null ? null : f.shareRemovedWithin48h * 100)), colour: '#00703c' }],
      width, (v) => `${v}%`),
    barChart(charts, 'chart-removal-time', 'Time to removal (hours)', names, [
      { label: 'Median', values: rows.map((f) => hours(f.medianRemovalSeconds)), colour: '#28235c' },
      { label: '95th percentile', values: rows.map((f) => hours(f.p95RemovalSeconds)), colour: '#6f72af' },
    ], width, (v) => `${v} h`),
    barChart(charts, 'chart-breaches', 'Deadlines missed and sync lag', names, [
      { label: 'Deadlines missed', values: rows.map((f) => f.breaches), colour: '#d4351c' },
      { label: 'Changes behind', values: rows.map((f) => f.changesBehind), colour: '#f47738' },
    ], width, (v) => String(v)),
    trendChart(charts, weeks, names, width),
  );
}

/** Axis labels share the chart's width: long names are cut (the table and the text summary have them whole). */
function shortName(name, count) {
  const max = Math.max(6, Math.floor(36 / Math.max(1, count)));
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

const hours = (s) => (s === null || s === undefined ? null : Math.round((s / 3600) * 10) / 10);

/** A grouped bar chart over platforms (x = platform index), with a text summary for screen readers. */
function barChart(charts, id, title, names, series, width, format) {
  const figure = el('figure', { class: 'ro-chart', id },
    el('figcaption', { text: title }));
  charts.append(figure); // in the page first, so the chart can take the column's width
  const summary = names.map((n, i) => `${n}: ${series.map((s) => `${s.label} ${s.values[i] === null ? 'none' : format(s.values[i])}`).join(', ')}`).join('; ');
  const holder = el('div', { role: 'img', 'aria-label': `${title}. ${summary}` });
  figure.append(holder);
  const n = series.length;
  const groupWidth = 0.7;
  const bars = uPlot.paths.bars({ size: [groupWidth / n, 80], align: 0 });
  const x = names.map((_, i) => i);
  const data = [x, ...series.map((s) => s.values)];
  new uPlot({
    width: width(),
    height: 240,
    legend: { show: true, live: false },
    cursor: { show: false },
    scales: { x: { time: false, range: [-0.6, names.length - 0.4] }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] } },
    axes: [
      { splits: () => x, values: (u, splits) => splits.map((i) => shortName(names[i] ?? '', names.length)), grid: { show: false } },
      { values: (u, splits) => splits.map((v) => format(v)) },
    ],
    series: [{ label: 'Platform' }, ...series.map((s, k) => ({
      label: s.label,
      stroke: s.colour,
      fill: s.colour,
      width: 0,
      paths: (u, seriesIdx, i0, i1) => {
        // shift each series within its group
        const offset = (k - (n - 1) / 2) * (groupWidth / n);
        const shifted = u.data[0].map((v) => v + offset);
        const saved = u.data[0];
        u.data[0] = shifted;
        const p = bars(u, seriesIdx, i0, i1);
        u.data[0] = saved;
        return p;
      },
      points: { show: false },
    }))],
  }, data, holder);
  holder.querySelectorAll('canvas').forEach((c) => c.setAttribute('aria-hidden', 'true'));
  return figure;
}

/** Weekly share removed within 48 h, one line per platform. */
function trendChart(charts, weeks, names, width) {
  const title = `Removed within 48 hours, by week (last ${TREND_WEEKS} weeks, %)`;
  const figure = el('figure', { class: 'ro-chart', id: 'chart-trend' }, el('figcaption', { text: title }));
  charts.append(figure);
  const palette = ['#28235c', '#00703c', '#d4351c', '#f47738', '#1d70b8', '#6f72af', '#912b88', '#505a5f'];
  const xs = weeks.map((w) => Math.floor(w.to.getTime() / 1000));
  const series = names.map((name) => weeks.map((w) => {
    const f = (w.r.platforms || []).find((p) => p.platform === name);
    return f && f.shareRemovedWithin48h !== null && f.shareRemovedWithin48h !== undefined ? Math.round(f.shareRemovedWithin48h * 1000) / 10 : null;
  }));
  const summary = names.map((n, i) => `${n}: ${series[i].map((v) => (v === null ? 'no reports' : `${v}%`)).join(', ')}`).join('; ');
  const holder = el('div', { role: 'img', 'aria-label': `${title}, oldest week first. ${summary}` });
  figure.append(holder);
  new uPlot({
    width: width(),
    height: 240,
    legend: { show: true, live: false },
    cursor: { show: false },
    scales: { y: { range: [0, 100] } },
    axes: [{}, { values: (u, splits) => splits.map((v) => `${v}%`) }],
    series: [{ label: 'Week ending' }, ...names.map((name, i) => ({
      label: name, stroke: palette[i % palette.length], width: 2, spanGaps: true, points: { show: true, size: 6 },
    }))],
  }, [xs, ...series], holder);
  holder.querySelectorAll('canvas').forEach((c) => c.setAttribute('aria-hidden', 'true'));
  return figure;
}

/** CSV/JSON export: fetched with the key (a plain link could not send it), then saved from a local blob. */
async function download(format) {
  const p = period();
  if (!p) return;
  const key = keys.get('regulator');
  const response = await fetch(reportPath(p, format === 'csv' ? 'csv' : 'json'), {
    headers: { Authorization: `Bearer ${key}` }, credentials: 'omit', cache: 'no-store',
  });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: `reportonce-${p.from.slice(0, 10)}-${p.to.slice(0, 10)}.${format}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function guarded(fn) {
  try {
    await fn();
  } catch (e) {
    showErrors($('errors'), (e instanceof ApiError ? e.messages() : [e.message]).map((text) => ({ text })));
  }
}

void role;
