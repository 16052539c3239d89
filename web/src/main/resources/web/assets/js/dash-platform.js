// Platform dashboard: GET /v1/platform/dashboard with the platform's key — its 48-hour clocks
// (on time / at risk / breached / done), alerts, pending reviews, recent matches and sync health.
import {
  startPage, el, api, keyGate, keys, formatTime, formatDuration, stateTag, table, stats,
} from '/assets/js/common.js';

startPage();

const $ = (id) => document.getElementById(id);
let timer = null;

keyGate({
  role: 'platform',
  form: $('key-form'),
  signedIn: $('signed-in'),
  signOut: $('sign-out'),
  errors: $('errors'),
  onKey: async (key) => {
    const me = await api('/v1/me', { key });
    if (me.role !== 'platform') throw new Error(`That key belongs to a ${String(me.role).replace('_', ' ')} member, not a platform.`);
    $('member-name').textContent = me.displayName;
    render(await api('/v1/platform/dashboard', { key }));
    clearInterval(timer);
    timer = setInterval(refresh, 60_000);
  },
});

$('refresh').addEventListener('click', refresh);

async function refresh() {
  const key = keys.get('platform');
  if (!key) return;
  render(await api('/v1/platform/dashboard', { key }));
}

function render(d) {
  $('updated').textContent = `Updated ${formatTime(new Date().toISOString())}`;
  const counts = d.counts || {};
  const sync = d.sync || {};
  const behind = Number(sync.changesBehind || 0);
  const alerts = d.alerts || [];
  $('dashboard').replaceChildren(
    alerts.length ? el('div', { class: 'govuk-error-summary', id: 'alerts', tabindex: '-1' },
      el('div', { role: 'alert' },
        el('h2', { class: 'govuk-error-summary__title', text: `${alerts.length} ${alerts.length === 1 ? 'report needs' : 'reports need'} action` }),
        el('div', { class: 'govuk-error-summary__body' }, el('ul', { class: 'govuk-list govuk-error-summary__list' },
          alerts.map((a) => el('li', {}, stateTag(a.state), ` Report ${a.reportId}: ${a.reason} (deadline ${formatTime(a.deadline)})`)))))) : null,
    el('h2', { class: 'govuk-heading-m', text: '48-hour deadlines' }),
    stats([
      { value: String(counts.on_time || 0), label: 'on time' },
      { value: String(counts.at_risk || 0), label: 'at risk', tone: counts.at_risk ? 'warn' : undefined },
      { value: String(counts.breached || 0), label: 'deadline missed', tone: counts.breached ? 'bad' : undefined },
      { value: String(counts.done || 0), label: 'done', tone: 'good' },
    ]),
    table('Reports and their deadlines at your platform', ['Report', 'Reported', 'Deadline', 'Delivered to you', 'Matched', 'Removed', 'State'],
      (d.deadlines || []).map((r) => [String(r.reportId), formatTime(r.reportedAt), formatTime(r.deadline),
        formatTime(r.deliveredAt), r.matchedAt ? `${formatTime(r.matchedAt)} (${r.matches})` : 'No match yet',
        formatTime(r.removedAt), stateTag(r.state, r.outcome)]), { id: 'deadlines-table' }),
    el('h2', { class: 'govuk-heading-m', text: 'Sync health' }),
    stats([
      { value: String(behind), label: 'signal changes not yet fetched', tone: behind ? 'warn' : 'good' },
      { value: sync.secondsSinceContact === null || sync.secondsSinceContact === undefined ? 'Never' : `${formatDuration(sync.secondsSinceContact)} ago`, label: 'last contact with the hub' },
      { value: String(sync.ackedSeq ?? 0), label: `checkpoint (hub is at ${sync.latestSeq ?? 0})` },
    ]),
    table('Signals waiting for your review', ['Signal', 'Pending since'],
      (d.pendingReviews || []).map((p) => [String(p.signalId), formatTime(p.since)]), { id: 'pending-table' }),
    table('Recent matches', ['Your content', 'Signals matched', 'Closest distance', 'Found', 'Removed'],
      (d.recentMatches || []).map((m) => [m.contentReference || '—',
        m.signals > 1 ? `${m.signals} (from ${m.signalId})` : String(m.signalId), String(m.distance),
        formatTime(m.foundAt), formatTime(m.removedAt)]), { id: 'matches-table' }),
  );
}
