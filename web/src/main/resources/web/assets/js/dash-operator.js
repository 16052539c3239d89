// Operator dashboard: members and their API keys (create, revoke), the disputes queue (keep or
// suppress a signal several platforms reviewed as NotBlocked), and the audit-log verification.
import {
  startPage, el, api, ApiError, keyGate, keys, formatTime, stateTag, table, stats, showErrors,
} from '/assets/js/common.js';

startPage();

const $ = (id) => document.getElementById(id);
const ROLES = [['platform', 'Platform'], ['support_service', 'Support service'], ['regulator', 'Regulator'], ['operator', 'Operator']];

keyGate({
  role: 'operator',
  form: $('key-form'),
  signedIn: $('signed-in'),
  signOut: $('sign-out'),
  errors: $('errors'),
  onKey: async (key) => {
    const me = await api('/v1/me', { key });
    if (me.role !== 'operator') throw new Error(`That key belongs to a ${String(me.role).replace('_', ' ')} member, not an operator.`);
    $('member-name').textContent = me.displayName;
    await load();
  },
});

$('refresh').addEventListener('click', () => load());

const call = (path, options = {}) => api(path, { ...options, key: keys.get('operator') });

async function load(notice) {
  const [members, disputes, audit] = await Promise.all([
    call('/v1/operator/members'), call('/v1/operator/disputes?status=open'), call('/v1/operator/audit'),
  ]);
  $('updated').textContent = `Updated ${formatTime(new Date().toISOString())}`;
  $('dashboard').replaceChildren(
    notice || '',
    auditSection(audit),
    membersSection(members),
    disputesSection(disputes),
  );
}

function auditSection(a) {
  return el('section', { 'aria-labelledby': 'audit-heading' },
    el('h2', { class: 'govuk-heading-m', id: 'audit-heading', text: 'Audit log' }),
    a.ok
      ? el('div', { class: 'govuk-inset-text', id: 'audit-result' },
        el('p', { class: 'govuk-body' }, stateTag('done'), ` The audit chain is intact: ${a.entries} entries checked.`),
        el('p', { class: 'govuk-body-s' }, 'Head hash to publish: ', el('span', { class: 'ro-key', text: a.headHash || '—' })))
      : el('div', { class: 'govuk-error-summary', id: 'audit-result' },
        el('h3', { class: 'govuk-error-summary__title', text: 'The audit chain has been tampered with' }),
        el('ul', { class: 'govuk-list govuk-list--bullet' }, (a.problems || []).map((p) => el('li', { text: p })))));
}

function membersSection(members) {
  const byRole = (r) => members.filter((m) => m.role === r).length;
  const nameInput = el('input', { class: 'govuk-input govuk-!-width-one-half', id: 'new-member-name', type: 'text', autocomplete: 'off' });
  const roleSelect = el('select', { class: 'govuk-select', id: 'new-member-role' },
    ROLES.map(([value, text]) => el('option', { value, text })));
  const form = el('form', { id: 'new-member-form', novalidate: true },
    el('h3', { class: 'govuk-heading-s', text: 'Add a member' }),
    el('div', { class: 'govuk-form-group' }, el('label', { class: 'govuk-label', for: 'new-member-name', text: 'Name' }), nameInput),
    el('div', { class: 'govuk-form-group' }, el('label', { class: 'govuk-label', for: 'new-member-role', text: 'Kind of member' }), roleSelect),
    el('button', { class: 'govuk-button', type: 'submit', id: 'add-member', text: 'Add member' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const displayName = nameInput.value.trim();
    if (!displayName) {
      showErrors($('errors'), [{ href: '#new-member-name', text: 'Enter the new member\'s name' }]);
      return;
    }
    await act(async () => {
      const member = await call('/v1/operator/members', { method: 'POST', body: { displayName, role: roleSelect.value } });
      await load(el('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', id: 'notice' },
        el('div', { class: 'govuk-notification-banner__content' },
          el('p', { class: 'govuk-notification-banner__heading', text: `${member.displayName} added. Create an API key for it below.` }))));
    });
  });
  const rows = members.map((m) => [
    m.displayName,
    ROLES.find(([v]) => v === m.role)?.[1] || m.role,
    formatTime(m.createdAt),
    el('ul', { class: 'govuk-list govuk-!-margin-bottom-0' }, (m.keys || []).map((k) => el('li', {},
      el('span', { class: 'ro-key', text: `${k.keyId}${k.label ? ` (${k.label})` : ''} ` }),
      k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : el('button', {
        type: 'button', class: 'govuk-button govuk-button--warning govuk-!-margin-bottom-0',
        'aria-label': `Revoke key ${k.keyId} of ${m.displayName}`,
        onclick: () => act(async () => {
          await call(`/v1/operator/keys/${encodeURIComponent(k.keyId)}/revoke`, { method: 'POST' });
          await load();
        }),
      }, 'Revoke')))),
    el('button', {
      type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0',
      'aria-label': `Create an API key for ${m.displayName}`,
      onclick: () => act(async () => {
        const issued = await call(`/v1/operator/members/${encodeURIComponent(m.id)}/keys`, { method: 'POST', body: { label: 'created on the dashboard' } });
        await load(el('div', { class: 'govuk-panel govuk-panel--confirmation', id: 'new-key' },
          el('h2', { class: 'govuk-panel__title', text: `New API key for ${m.displayName}` }),
          el('div', { class: 'govuk-panel__body' }, el('span', { class: 'ro-key', id: 'new-key-value', text: issued.key }),
            el('p', { class: 'govuk-body', style: 'color:inherit', text: 'Copy it now: it is not shown again.' }))));
        $('new-key').setAttribute('tabindex', '-1');
        $('new-key').focus();
      }),
    }, 'Create key'),
  ]);
  return el('section', { 'aria-labelledby': 'members-heading' },
    el('h2', { class: 'govuk-heading-m', id: 'members-heading', text: 'Members' }),
    stats([
      { value: String(byRole('platform')), label: 'platforms' },
      { value: String(byRole('support_service')), label: 'support services' },
      { value: String(byRole('regulator')), label: 'regulators' },
      { value: String(byRole('operator')), label: 'operators' },
    ]),
    table('Members and their API keys', ['Name', 'Kind', 'Joined', 'API keys', 'Action'], rows, { id: 'members-table' }),
    form);
}

function disputesSection(disputes) {
  const resolve = (d, decision) => act(async () => {
    await call(`/v1/operator/disputes/${d.id}/resolve`, { method: 'POST', body: { decision, note: `resolved on the dashboard: ${decision}` } });
    await load();
  });
  return el('section', { 'aria-labelledby': 'disputes-heading' },
    el('h2', { class: 'govuk-heading-m', id: 'disputes-heading', text: 'Disputes queue' }),
    el('p', { class: 'govuk-body', text: 'Signals that several platforms reviewed as not intimate image content. Keep the signal, or suppress it everywhere.' }),
    table('Open disputes', ['Dispute', 'Signal', 'Opened', 'Reviews', 'Open cases', 'Decision'],
      disputes.map((d) => [String(d.id), `${d.type} #${d.signalId}`, formatTime(d.openedAt),
        el('ul', { class: 'govuk-list govuk-!-margin-bottom-0' }, (d.verdicts || []).map((v) => el('li', { text: `${v.platform}: ${v.value}` }))),
        String(d.activeCases),
        el('div', { class: 'govuk-button-group govuk-!-margin-bottom-0' },
          el('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', 'aria-label': `Keep signal ${d.signalId}`, onclick: () => resolve(d, 'keep') }, 'Keep'),
          el('button', { type: 'button', class: 'govuk-button govuk-button--warning govuk-!-margin-bottom-0', 'aria-label': `Suppress signal ${d.signalId}`, onclick: () => resolve(d, 'suppress') }, 'Suppress')),
      ]), { id: 'disputes-table' }));
}

async function act(fn) {
  try {
    showErrors($('errors'), []);
    await fn();
  } catch (e) {
    showErrors($('errors'), (e instanceof ApiError ? e.messages() : [e.message]).map((text) => ({ text })));
  }
}
