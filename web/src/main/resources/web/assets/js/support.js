// Support-service mode: a caseworker signs in with the organisation's API key (kept in
// sessionStorage), files reports for the people it supports (report.html?as=support), and follows
// its caseload (GET /v1/support/cases).
import {
  startPage, el, api, keyGate, formatTime, stateTag, table, stats,
} from '/assets/js/common.js';

startPage();

const $ = (id) => document.getElementById(id);

keyGate({
  role: 'support_service',
  form: $('key-form'),
  signedIn: $('signed-in'),
  signOut: $('sign-out'),
  errors: $('errors'),
  onKey: async (key) => {
    const me = await api('/v1/me', { key });
    if (me.role !== 'support_service') {
      throw new Error(`That key belongs to a ${String(me.role).replace('_', ' ')} member, not a support service.`);
    }
    $('member-name').textContent = me.displayName;
    const cases = await api('/v1/support/cases', { key });
    renderCaseload(cases);
  },
});

function renderCaseload(cases) {
  const open = cases.filter((c) => ['received', 'active'].includes(String(c.status).toLowerCase()));
  const rows = (c) => c.platforms || [];
  const breached = cases.filter((c) => rows(c).some((p) => p.state === 'breached')).length;
  const atRisk = cases.filter((c) => rows(c).some((p) => p.state === 'at_risk')).length;
  $('caseload').replaceChildren(
    el('h2', { class: 'govuk-heading-m', text: 'Your caseload' }),
    stats([
      { value: String(cases.length), label: 'cases filed' },
      { value: String(open.length), label: 'open' },
      { value: String(atRisk), label: 'at risk of missing the deadline', tone: atRisk ? 'warn' : undefined },
      { value: String(breached), label: 'past the 48-hour deadline somewhere', tone: breached ? 'bad' : undefined },
    ]),
    table('Cases filed by your organisation', ['Case number', 'Reported', 'Deadline', 'Status', 'Platforms'],
      cases.map((c) => [
        el('span', { class: 'ro-hash', text: c.caseNumber }),
        formatTime(c.reportedAt),
        formatTime(c.deadline),
        stateTag(c.status),
        rows(c).length
          ? el('ul', { class: 'govuk-list govuk-!-margin-bottom-0' }, rows(c).map((p) => el('li', {},
            `${p.platform}: `, stateTag(p.state, p.outcome), p.removedAt ? ` removed ${formatTime(p.removedAt)}` : '')))
          : 'Not yet sent',
      ]), { id: 'caseload-table' }),
  );
}
