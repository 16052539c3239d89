// The report journey: choose files → fingerprints made on this device (Web Worker) → check the
// previews (object URLs, local only) → the three declarations → POST /v1/reports with hashes only →
// case number and PIN, shown once.
import {
  startPage, el, api, ApiError, showErrors, fieldError, focusHeading, keys, formatTime,
} from '/assets/js/common.js';
import { LocalHasher } from '/assets/js/hashing.js';

startPage();

const PDQ_MIN_QUALITY = 50; // the hub refuses PDQ hashes below this quality (too little detail to match)
const asSupport = new URLSearchParams(location.search).get('as') === 'support';
const supportKey = asSupport ? keys.get('support_service') : null;

const $ = (id) => document.getElementById(id);
const steps = ['step-choose', 'step-hashing', 'step-review', 'step-declare', 'step-done'];
const errors = $('errors');

/** The chosen files and their fingerprints: [{file, url, kind, result}] — held only in this tab. */
let entries = [];
let hasher = null;

if (asSupport) {
  if (!supportKey) {
    location.replace('/support.html');
  }
  $('support-banner').classList.remove('ro-hidden');
  $('decl-person-label').textContent = 'The person shown has asked us to make this report for them.';
}

function show(stepId, title) {
  for (const id of steps) $(id).hidden = id !== stepId;
  document.title = `${title} – ReportOnce`;
  showErrors(errors, []);
  focusHeading($(stepId).querySelector('h1'));
}

function kindOf(file) {
  if (file.type.startsWith('image/') || /\.(jpe?g|png|gif|bmp|webp|avif)$/i.test(file.name)) return 'image';
  if (file.type.startsWith('video/') || /\.(mp4|mov|m4v|webm|mkv|avi|3gp)$/i.test(file.name)) return 'video';
  return null;
}

function releasePreviews() {
  for (const e of entries) if (e.url) URL.revokeObjectURL(e.url);
  entries = [];
}

$('choose-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const group = $('files-group');
  const files = Array.from($('files').files || []);
  let message = null;
  if (!files.length) message = 'Choose at least one image or video';
  const wrong = files.filter((f) => !kindOf(f));
  if (!message && wrong.length) {
    message = `${wrong.map((f) => f.name).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not an image or video. Choose photos or videos only.`;
  }
  const empty = files.filter((f) => f.size === 0);
  if (!message && empty.length) message = `${empty.map((f) => f.name).join(', ')} ${empty.length === 1 ? 'is' : 'are'} empty. Choose a different file.`;
  fieldError(group, message);
  if (message) {
    showErrors(errors, [{ href: '#files', text: message }]);
    return;
  }
  releasePreviews();
  let images = 0;
  let videos = 0;
  entries = files.map((file) => {
    const kind = kindOf(file);
    const label = kind === 'image' ? `Image ${++images}` : `Video ${++videos}`;
    return { file, kind, label, url: null, result: null };
  });
  await fingerprint();
});

async function fingerprint() {
  show('step-hashing', 'Making fingerprints');
  const bar = $('progress');
  const text = $('progress-text');
  bar.value = 0;
  if (!hasher) hasher = new LocalHasher();
  const total = entries.length;
  let announced = -1;
  const results = await hasher.hashAll(entries.map((e) => e.file), (index, fileFraction, overall) => {
    bar.value = Math.round(overall * 100);
    bar.setAttribute('aria-valuetext', `${Math.round(overall * 100)}%`);
    const done = fileFraction >= 1 ? index + 1 : index;
    if (done !== announced) {
      announced = done;
      text.textContent = `${done} of ${total} ${total === 1 ? 'file' : 'files'} done`;
    }
  });
  results.forEach((r, i) => { entries[i].result = r; });
  renderReview();
  show('step-review', 'Check your images');
}

function signalsOf(entry) {
  const r = entry.result;
  if (!r || r.error) return [];
  const signals = [];
  if (r.pdq && r.pdq.quality >= PDQ_MIN_QUALITY) {
    signals.push({ type: 'pdq', value: r.pdq.hashes.orig, quality: r.pdq.quality });
  }
  if (r.md5) signals.push({ type: 'md5', value: r.md5, quality: null });
  return signals;
}

function statusText(entry) {
  const r = entry.result;
  if (!r || r.error) return `This file could not be read on this device, so it cannot be reported: ${r ? r.error : 'unknown error'}.`;
  if (entry.kind === 'video') return 'Fingerprint made. Exact copies of this video can be found.';
  if (!r.pdq) return `This picture could not be opened (${r.imageError}). Only exact copies of the file can be found.`;
  if (r.pdq.quality < PDQ_MIN_QUALITY) {
    return 'This picture has too little detail for a picture fingerprint. Only exact copies of the file can be found.';
  }
  return 'Fingerprint made. Copies can be found even if resized or slightly changed.';
}

function renderReview() {
  const list = $('thumbs');
  list.replaceChildren();
  entries.forEach((entry, index) => {
    if (!entry.url && entry.kind === 'image') entry.url = URL.createObjectURL(entry.file);
    const media = entry.kind === 'image'
      ? el("img", { class: "ro-thumb__media", src: entry.url, alt: `Preview of ${entry.label.toLowerCase()}`, loading: "lazy", decoding: "async" })
      : el('div', { class: 'ro-thumb__media ro-thumb__placeholder', text: 'Video' });
    const r = entry.result || {};
    list.append(el('li', {
      class: 'ro-thumb',
      dataset: {
        label: entry.label,
        md5: r.md5 || '',
        pdq: r.pdq ? r.pdq.hashes.orig : '',
        quality: r.pdq ? String(r.pdq.quality) : '',
        dihedral: r.pdq ? JSON.stringify(r.pdq.hashes) : '',
        error: r.error || r.imageError || '',
        timings: r.timings ? JSON.stringify(r.timings) : '',
      },
    },
    media,
    el('p', { class: 'ro-thumb__label govuk-body', text: entry.label }),
    el('p', { class: 'ro-thumb__status govuk-body-s', text: statusText(entry) }),
    el('button', {
      type: 'button', class: 'govuk-button govuk-button--secondary',
      'aria-label': `Remove ${entry.label.toLowerCase()} from this report`,
      onclick: () => removeEntry(index),
    }, 'Remove')));
  });
  const preview = $('sent-preview');
  preview.replaceChildren(
    el('p', { class: 'govuk-body', text: 'Only these codes, and your three statements, will be sent:' }),
    el('ul', { class: 'govuk-list' }, entries.map((e) => el('li', {},
      el('strong', { text: `${e.label}: ` }),
      signalsOf(e).length
        ? signalsOf(e).map((s) => el('span', { class: 'ro-hash' }, `${s.type.toUpperCase()} ${s.value} `))
        : 'nothing (this file cannot be reported)'))));
}

function removeEntry(index) {
  const [gone] = entries.splice(index, 1);
  if (gone && gone.url) URL.revokeObjectURL(gone.url);
  if (!entries.length) {
    $('files').value = '';
    show('step-choose', 'Choose images or videos');
    return;
  }
  renderReview();
  focusHeading($('review-heading'));
}

$('review-restart').addEventListener('click', () => {
  releasePreviews();
  $('files').value = '';
  show('step-choose', 'Choose images or videos');
});

$('review-continue').addEventListener('click', () => {
  const reportable = entries.filter((e) => signalsOf(e).length);
  if (!reportable.length) {
    showErrors(errors, [{ text: 'None of these files could be read. Choose different files.' }]);
    return;
  }
  show('step-declare', 'Confirm your report');
});

$('declare-back').addEventListener('click', () => show('step-review', 'Check your images'));

$('declare-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const declarations = {
    intimateImage: $('decl-intimate').checked,
    personShownOrActing: $('decl-person').checked,
    goodFaithAndTrue: $('decl-true').checked,
  };
  const missing = Object.values(declarations).filter((v) => !v).length;
  const group = $('declarations-group');
  if (missing) {
    const text = 'Select all three statements to send a report. If one is not true, this service cannot be used.';
    fieldError(group, text);
    showErrors(errors, [{ href: '#decl-intimate', text }]);
    return;
  }
  fieldError(group, null);
  const items = entries
    .map((e) => ({ label: e.label, signals: signalsOf(e) }))
    .filter((item) => item.signals.length);
  const send = $('send');
  send.disabled = true;
  send.setAttribute('aria-disabled', 'true');
  try {
    const response = await api('/v1/reports', {
      method: 'POST',
      key: supportKey || undefined,
      body: { declarations, reportedAt: null, items, contentReference: null },
    });
    showDone(response, items);
  } catch (e) {
    const messages = e instanceof ApiError ? e.messages() : [String(e.message || e)];
    showErrors(errors, messages.map((text) => ({ text })));
  } finally {
    send.disabled = false;
    send.removeAttribute('aria-disabled');
  }
});

function showDone(response, sentItems) {
  $('case-number').textContent = response.caseNumber;
  $('case-pin').textContent = response.pin;
  $('case-deadline').textContent = formatTime(response.deadline);
  const refused = response.refused || [];
  const box = $('refused');
  box.replaceChildren();
  box.classList.toggle('ro-hidden', !refused.length);
  if (refused.length) {
    box.append(el('div', { class: 'govuk-inset-text' },
      el('p', { class: 'govuk-body', text: 'Some fingerprints were not accepted. The rest of your report stands.' }),
      el('ul', { class: 'govuk-list govuk-list--bullet' }, refused.map((r) => el('li', {},
        `${(sentItems[r.item] || {}).label || `Item ${r.item + 1}`}: ${r.reason}`)))));
  }
  releasePreviews();
  if (hasher) {
    hasher.close();
    hasher = null;
  }
  $('files').value = '';
  show('step-done', 'Report sent');
}

$('print').addEventListener('click', () => window.print());
