// Shared helpers for every ReportOnce page: GOV.UK Frontend start-up, safe DOM building, calls to
// the hub (same origin only), RFC 9457 problem handling, and API keys kept in sessionStorage.
import { initAll } from '/vendor/govuk/govuk-frontend.min.js';

export function startPage() {
  initAll();
  // The quick exit also forgets what this tab held (keys, case details): a person leaving in a
  // hurry should not leave a signed-in dashboard or a case behind in the tab's history.
  for (const button of document.querySelectorAll('.govuk-js-exit-this-page-button')) {
    button.addEventListener('click', () => sessionStorage.clear(), { capture: true });
  }
}

/** Builds an element; strings become text nodes (never HTML), so hub data cannot inject markup. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `The service answered ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  /** One message per field the hub named, else the problem's detail. */
  messages() {
    const errors = this.problem.errors || [];
    return errors.length ? errors.map((e) => e.message || `${e.field}: invalid`) : [this.message];
  }
}

/**
 * Calls the hub. Paths are relative to this origin: the pages never talk to any other server.
 * @param {string} path e.g. '/v1/reports'
 * @param {{method?: string, body?: any, key?: string}} options
 */
export async function api(path, { method = 'GET', body, key } = {}) {
  if (!path.startsWith('/')) throw new Error(`hub paths start with '/', got ${path}`);
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', redirect: 'error',
    });
  } catch (e) {
    throw new ApiError(0, { detail: 'Could not reach ReportOnce. Check your connection and try again.' });
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : { detail: data || undefined });
  return data;
}

/** Shows a GOV.UK error summary at the top of {@code container} and moves focus to it. */
export function showErrors(container, errors) {
  container.replaceChildren();
  if (!errors.length) {
    container.classList.add('ro-hidden');
    return;
  }
  container.classList.remove('ro-hidden');
  const summary = el('div', { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: '-1' },
    el('div', { role: 'alert' },
      el('h2', { class: 'govuk-error-summary__title', text: 'There is a problem' }),
      el('div', { class: 'govuk-error-summary__body' },
        el('ul', { class: 'govuk-list govuk-error-summary__list' },
          errors.map((e) => el('li', {}, e.href ? el('a', { href: e.href, text: e.text }) : e.text))))));
  container.append(summary);
  summary.focus();
}

/** Marks a form group as in error with a GOV.UK error message, or clears it. */
export function fieldError(group, message) {
  if (!group) return;
  const old = group.querySelector('.govuk-error-message');
  if (old) old.remove();
  group.classList.toggle('govuk-form-group--error', Boolean(message));
  const input = group.querySelector('input, select, textarea');
  if (input) input.classList.toggle('govuk-input--error', Boolean(message) && input.classList.contains('govuk-input'));
  if (!message) return;
  const id = `${(input && input.id) || 'field'}-error`;
  const msg = el('p', { class: 'govuk-error-message', id },
    el('span', { class: 'govuk-visually-hidden', text: 'Error: ' }), message);
  const after = group.querySelector('.govuk-hint') || group.querySelector('label, legend, .govuk-fieldset__legend');
  if (after && after.parentNode === group) after.after(msg);
  else group.prepend(msg);
  if (input) input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
}

/** Moves focus to a heading after the view changes, so screen readers announce the new step. */
export function focusHeading(heading) {
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}

const KEY_PREFIX = 'reportonce.key.';

/** API keys live only in this tab (sessionStorage): closing the tab signs out. */
export const keys = {
  get: (role) => sessionStorage.getItem(KEY_PREFIX + role),
  set: (role, key) => sessionStorage.setItem(KEY_PREFIX + role, key),
  clear: (role) => sessionStorage.removeItem(KEY_PREFIX + role),
};

/**
 * Wires a "sign in with your API key" form. Calls {@code onKey(key)} with the stored or entered
 * key; {@code onKey} should throw an ApiError for a bad key, which is shown on the form.
 */
export function keyGate({ role, form, signedIn, signOut, errors, onKey }) {
  const input = form.querySelector('input');
  const group = input.closest('.govuk-form-group');
  const show = (on) => {
    form.classList.toggle('ro-hidden', on);
    signedIn.classList.toggle('ro-hidden', !on);
  };
  const attempt = async (key, fromForm) => {
    try {
      keys.set(role, key); // before onKey, whose loaders read it; cleared again if the key is refused
      await onKey(key);
      fieldError(group, null);
      showErrors(errors, []);
      show(true);
    } catch (e) {
      keys.clear(role);
      show(false);
      if (!fromForm) return;
      const text = e instanceof ApiError && (e.status === 401 || e.status === 403)
        ? 'That API key was not accepted for this page. Check you copied the whole key, and that it belongs to this kind of member.'
        : (e.message || 'Something went wrong');
      fieldError(group, text);
      showErrors(errors, [{ href: `#${input.id}`, text }]);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      const text = 'Enter your API key';
      fieldError(group, text);
      showErrors(errors, [{ href: `#${input.id}`, text }]);
      return;
    }
    input.value = '';
    attempt(key, true);
  });
  signOut.addEventListener('click', () => {
    keys.clear(role);
    location.reload();
  });
  const stored = keys.get(role);
  if (stored) attempt(stored, false);
  else show(false);
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

export function formatTime(iso) {
  if (!iso) return 'Not yet';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateTime.format(d);
}

/** "3 h 05 min", from seconds. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return '—';
  const s = Math.round(Number(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

export function formatPercent(share) {
  if (share === null || share === undefined) return '—';
  return `${(Number(share) * 100).toFixed(1)}%`;
}

const STATES = {
  on_time: ['On time', 'govuk-tag--blue'],
  at_risk: ['At risk', 'govuk-tag--orange'],
  breached: ['Deadline missed', 'govuk-tag--red'],
  done: ['Removed', 'govuk-tag--green'],
  removed: ['Removed', 'govuk-tag--green'],
  active: ['Active', 'govuk-tag--blue'],
  received: ['Received', 'govuk-tag--grey'],
  withdrawn: ['Withdrawn', 'govuk-tag--grey'],
  deleted: ['Deleted', 'govuk-tag--grey'],
};

/** A GOV.UK tag for a deadline or case state, with words rather than colour alone. */
export function stateTag(state, outcome) {
  if (String(state) === 'done' && outcome === 'not_blocked') {
    return el('strong', { class: 'govuk-tag govuk-tag--grey', text: 'Reviewed: not removed' });
  }
  const key = String(state || '').toLowerCase();
  const [text, cls] = STATES[key] || [String(state || 'Unknown').replace(/_/g, ' '), 'govuk-tag--grey'];
  return el('strong', { class: `govuk-tag ${cls}`, text });
}

/** A table inside a keyboard-focusable scroll region (wide tables scroll on a phone). */
export function table(caption, headers, rows, { id } = {}) {
  const t = el('table', { class: 'govuk-table', id },
    el('caption', { class: 'govuk-table__caption govuk-table__caption--m', text: caption }),
    el('thead', { class: 'govuk-table__head' },
      el('tr', { class: 'govuk-table__row' }, headers.map((h) => el('th', { scope: 'col', class: 'govuk-table__header', text: h })))),
    el('tbody', { class: 'govuk-table__body' },
      rows.length ? rows.map((cells) => el('tr', { class: 'govuk-table__row' },
        cells.map((c) => el('td', { class: 'govuk-table__cell' }, c))))
        : el('tr', { class: 'govuk-table__row' }, el('td', { class: 'govuk-table__cell', colspan: String(headers.length), text: 'Nothing to show yet.' }))));
  return el('div', { class: 'ro-table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' }, t);
}

/** Statistic tiles. */
export function stats(items) {
  return el('ul', { class: 'ro-stats' }, items.map(({ value, label, tone }) =>
    el('li', { class: `ro-stat${tone ? ` ro-stat--${tone}` : ''}` },
      el('span', { class: 'ro-stat__value', text: value }), el('span', { class: 'ro-stat__label', text: label }))));
}
