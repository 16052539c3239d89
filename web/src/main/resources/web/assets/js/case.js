// Case check and withdrawal for the person who reported: case number + PIN in the request body
// (POST, never in a URL, so they do not end up in logs or history). The PIN is kept only in this
// script's memory, for the withdrawal that may follow.
import {
  startPage, el, api, ApiError, showErrors, fieldError, focusHeading, formatTime, stateTag,
} from '/assets/js/common.js';

startPage();

const $ = (id) => document.getElementById(id);
const errors = $('errors');
let credentials = null;

$('case-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const caseNumber = $('case-number').value.trim().toUpperCase();
  const pin = $('pin').value.trim();
  const problems = [];
  fieldError($('case-number-group'), caseNumber ? null : 'Enter your case number');
  fieldError($('pin-group'), pin ? null : 'Enter your PIN');
  if (!caseNumber) problems.push({ href: '#case-number', text: 'Enter your case number' });
  if (!pin) problems.push({ href: '#pin', text: 'Enter your PIN' });
  if (problems.length) {
    showErrors(errors, problems);
    return;
  }
  try {
    const status = await api('/v1/cases/status', { method: 'POST', body: { caseNumber, pin } });
    credentials = { caseNumber, pin };
    $('pin').value = '';
    render(status);
  } catch (e) {
    const text = e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 404)
      ? (e.problem.detail || 'The case number or PIN is not right. Check them and try again.')
      : e.message;
    showErrors(errors, [{ href: '#case-number', text }]);
  }
});

function render(status) {
  showErrors(errors, []);
  $('case-login').hidden = true;
  $('case-status').hidden = false;
  document.title = 'Your report – ReportOnce';
  const state = String(status.status || status.state || '').toLowerCase();
  const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
    el('dt', { class: 'govuk-summary-list__key', text: key }),
    el('dd', { class: 'govuk-summary-list__value' }, value));
  $('case-summary').replaceChildren(
    row('Case number', status.caseNumber || credentials.caseNumber),
    row('Status', stateTag(state)),
    row('Reported', formatTime(status.reportedAt)),
    row('Deadline for removal', formatTime(status.deadline)),
    row('What was reported', describeItems(status.items || [])),
  );
  const platforms = status.platforms || [];
  // matches counts pieces of content (one file matching many fingerprints of a picture is one copy)
  const foundCopies = (p) => {
    if (!p.matches && !p.matchedAt) return 'None found yet';
    const n = p.matches || 1;
    const copies = `${n} ${n === 1 ? 'copy' : 'copies'}`;
    return p.matchedAt ? `${copies}, first found ${formatTime(p.matchedAt)}` : copies;
  };
  const headers = ['Website or app', 'Received', 'Found copies', 'Removed', 'Deadline'];
  const rows = platforms.map((p) => [
    p.platform || p.displayName || p.name || 'A platform',
    formatTime(p.deliveredAt),
    foundCopies(p),
    formatTime(p.removedAt),
    el('span', {}, stateTag(p.state, p.outcome), ' ', el('span', { class: 'govuk-body-s', text: formatTime(p.deadline) })),
  ]);
  const wrap = el('div', {},
    el('h2', { class: 'govuk-heading-m', text: 'What each website or app has done' }),
    el('p', { class: 'govuk-body', text: 'Each website must remove matching images within 48 hours of your report.' }));
  const tableEl = rows.length
    ? tableOf(headers, rows)
    : el('p', { class: 'govuk-body', text: 'No website has received the fingerprints yet. This usually takes less than a minute.' });
  $('platforms').replaceChildren(wrap, tableEl);
  const withdrawn = state === 'withdrawn' || state === 'deleted';
  $('withdraw-box').hidden = withdrawn;
  if (withdrawn) {
    $('platforms').prepend(el('div', { class: 'govuk-inset-text', id: 'withdrawn-note', text: 'This report has been withdrawn. Websites have been told to stop looking for these images.' }));
  }
  focusHeading($('status-heading'));
}

function describeItems(items) {
  if (!items.length) return 'Nothing';
  const images = items.filter((i) => (i.signals || []).some((s) => s.type === 'pdq')).length;
  const files = items.length - images;
  const parts = [];
  if (images) parts.push(`${images} ${images === 1 ? 'picture' : 'pictures'}`);
  if (files) parts.push(`${files} other ${files === 1 ? 'file' : 'files'} (exact copies only)`);
  return parts.join(', ');
}

function tableOf(headers, rows) {
  return el('div', { class: 'ro-table-scroll', role: 'region', 'aria-label': 'What each website or app has done', tabindex: '0' },
    el('table', { class: 'govuk-table', id: 'platform-table' },
      el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' },
        headers.map((h) => el('th', { scope: 'col', class: 'govuk-table__header', text: h })))),
      el('tbody', { class: 'govuk-table__body' }, rows.map((cells) => el('tr', { class: 'govuk-table__row' },
        cells.map((c, i) => (i === 0
          ? el('th', { scope: 'row', class: 'govuk-table__header' }, c)
          : el('td', { class: 'govuk-table__cell' }, c))))))));
}

$('withdraw').addEventListener('click', () => {
  $('withdraw').hidden = true;
  $('withdraw-confirm').hidden = false;
  $('withdraw-yes').focus();
});

$('withdraw-no').addEventListener('click', () => {
  $('withdraw-confirm').hidden = true;
  $('withdraw').hidden = false;
  $('withdraw').focus();
});

$('withdraw-yes').addEventListener('click', async () => {
  try {
    const status = await api('/v1/cases/withdraw', { method: 'POST', body: credentials });
    $('withdraw-confirm').hidden = true;
    $('withdraw').hidden = false;
    render(status);
  } catch (e) {
    showErrors(errors, (e instanceof ApiError ? e.messages() : [e.message]).map((text) => ({ text })));
  }
});
