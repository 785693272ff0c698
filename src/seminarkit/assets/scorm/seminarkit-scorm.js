/* seminarkit-scorm.js: the SCORM 1.2 runtime bridge, on the launch page of a SCORM package only.
   The launch page holds one API session (LMSInitialize .. LMSFinish) while the site's pages load in
   its frame and save answers in localStorage as always (seminarkit.js); their saves reach this page
   as `storage` events. It reports lesson status, score and suspend data, and at launch merges the
   suspend data into localStorage before the first page loads. Without a platform it shows the site. */
(() => {
'use strict';

const config = JSON.parse(document.getElementById('sk-scorm').textContent);
const LIMIT = 4096; // cmi.suspend_data is a CMIString4096 (SCORM 1.2 RTE, 3.4.4)
const FIELD_LIMIT = 100; // characters: a longer answer in a field (a pasted text) stays in the browser
const STATUS = ['none', 'progress', 'done'];
const RESULT = { 'self-assessment': ['points'], scenario: ['choice'], checklist: ['right', 'total'] };
const resultKeys = (type) => RESULT[type] || ['right', 'total', 'answered'];
const prefix = `seminarkit:${encodeURIComponent(config.course)}:`; // seminarkit.js's storage keys
const exercises = config.exercises.map(([id, hash, legacy, type, auto, short], index) => ({ id, hash, legacy, type, auto, short, index }));
const current = (ex, record) => !!record && (record.hash === ex.hash || record.hash === ex.legacy);
const hasAnswer = (record) => Object.values(Object(record.fields)).some((value) => String(value).length > 0);
const aside = (record, why) => ({ hash: record.hash, title: record.title || '', updated: record.updated || '', items: record.items || [], fields: record.fields || {}, why });

function read(id) {
  try {
    const record = JSON.parse(localStorage.getItem(prefix + id));
    return record && typeof record === 'object' ? record : null;
  } catch (error) {
    return null;
  }
}

/* The platform's API: in this window or a parent (at most 500 up), else in the opener's (ADL's
   findAPI, SCORM 1.2 RTE 3.3.6.1). A window of another origin cannot be asked: no API there. */
function findApi(win) {
  for (let depth = 0; win && depth < 500; depth += 1) {
    try {
      if (win.API) return win.API;
    } catch (error) {
      return null;
    }
    if (win.parent === win) break;
    win = win.parent;
  }
  return null;
}

/* Suspend data: JSON `[1, entry, ...]`, an entry per exercise answered in its current version:
   [index in config.exercises, its hash's first 4 digits, flags (status 0 none, 1 progress, 2 done;
   +4 checked; +8 marked done), result values (resultKeys) or 0, seconds since 1970 in base 36,
   fields]. Fields come for exercises with short answers only, every value at most FIELD_LIMIT
   characters, in page order while the whole stays within LIMIT; without them an entry says that
   the fields stayed in the browser. */
function encode() {
  const entries = [];
  const fields = [];
  for (const ex of exercises) {
    const record = read(ex.id);
    if (!current(ex, record)) continue;
    const flags = Math.max(STATUS.indexOf(record.status), 0) + (record.checked ? 4 : 0) + (record.done ? 8 : 0);
    const result = record.result ? resultKeys(ex.type).map((name) => Number(record.result[name]) || 0) : 0;
    entries.push([ex.index, ex.hash.slice(0, 4), flags, result, Math.round((Date.parse(record.updated) || 0) / 1000).toString(36)]);
    const values = Object.values(Object(record.fields));
    fields.push(ex.short && values.length && values.every((value) => String(value).length <= FIELD_LIMIT) ? record.fields : null);
  }
  let text = JSON.stringify([1, ...entries]);
  while (text.length > LIMIT) { // so many exercises that not even their states fit: the last ones stay out
    entries.pop();
    text = JSON.stringify([1, ...entries]);
  }
  entries.forEach((entry, index) => {
    if (!fields[index]) return;
    entry.push(fields[index]);
    const longer = JSON.stringify([1, ...entries]);
    if (longer.length > LIMIT) entry.pop();
    else text = longer;
  });
  return text;
}

/* Bring the platform's answers into this browser: an exercise's stored answer counts where it is
   newer than this browser's, whose answer then goes into the exercise's history (never lost);
   fields that stayed in a browser keep this browser's values. */
function resume(text) {
  let data = null;
  try {
    data = JSON.parse(text);
  } catch (error) { /* nothing stored yet */ }
  if (!Array.isArray(data) || data[0] !== 1) return;
  for (const entry of data.slice(1)) {
    if (!Array.isArray(entry)) continue;
    const [index, start, flags, result, seconds, fields] = entry;
    const first = (ex) => ex && ex.hash.startsWith(String(start));
    const ex = first(exercises[index]) ? exercises[index] : exercises.find(first); // moved: found by hash
    const time = parseInt(seconds, 36) * 1000;
    if (!ex || !(time >= 0)) continue; // the exercise changed since: this browser's history keeps its answers
    const local = read(ex.id);
    const mine = current(ex, local);
    if (mine && (Date.parse(local.updated) || 0) >= time) continue; // this browser's answer is as new
    const theirs = {
      status: STATUS[flags & 3] || 'none', checked: !!(flags & 4), done: !!(flags & 8), updated: new Date(time).toISOString(),
      result: Array.isArray(result) ? Object.fromEntries(resultKeys(ex.type).map((name, at) => [name, Number(result[at]) || 0])) : null,
    };
    const next = Object.assign(mine ? local : { hash: ex.hash, type: ex.type, title: '', fields: {}, items: [] }, theirs);
    next.previous = Array.isArray(local && local.previous) ? local.previous : [];
    if (local && !mine && (hasAnswer(local) || (local.items || []).length)) next.previous.push(aside(local, ''));
    if (fields && typeof fields === 'object') {
      if (mine && hasAnswer(local) && JSON.stringify(local.fields) !== JSON.stringify(fields)) next.previous.push(aside(local, 'lms'));
      Object.assign(next, { fields, items: [] });
    }
    try {
      localStorage.setItem(prefix + ex.id, JSON.stringify(next));
    } catch (error) { /* storage full or off: the pages say so */ }
  }
}

const api = findApi(window) || (window.opener ? findApi(window.opener) : null);
const sent = Object.create(null);
const started = Date.now();
let open = 1;
let finished = false;

const set = (name, value) => sent[name] !== value && String(api.LMSSetValue(name, (sent[name] = value))) === 'true';

/* Status, score and suspend data from this browser's answers, sent when they changed. */
function report() {
  const records = exercises.map((ex) => [ex, read(ex.id)]);
  open = records.filter(([ex, record]) => !(current(ex, record) && record.status === 'done')).length;
  const auto = records.filter(([ex]) => ex.auto);
  const right = auto.filter(([ex, record]) => current(ex, record) && record.result && record.result.total > 0 && record.result.right === record.result.total).length;
  const raw = auto.length ? Math.round((100 * right) / auto.length) : null;
  const mastery = config.mastery;
  let changed = set('cmi.core.lesson_status', open ? 'incomplete' : mastery == null || raw == null ? 'completed' : raw >= mastery ? 'passed' : 'failed');
  if (raw !== null) for (const [name, value] of [['min', '0'], ['max', '100'], ['raw', String(raw)]]) changed = set(`cmi.core.score.${name}`, value) || changed;
  changed = set('cmi.suspend_data', encode()) || changed;
  if (changed) api.LMSCommit('');
}

function finish() {
  if (finished) return;
  finished = true;
  report();
  const seconds = Math.round((Date.now() - started) / 1000);
  const pad = (number, width) => String(number).padStart(width, '0');
  set('cmi.core.session_time', `${pad(Math.floor(seconds / 3600), 4)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`);
  set('cmi.core.exit', open ? 'suspend' : '');
  api.LMSCommit('');
  api.LMSFinish('');
}

if (api && String(api.LMSInitialize('')) === 'true') {
  resume(String(api.LMSGetValue('cmi.suspend_data') || ''));
  report();
  window.addEventListener('storage', (event) => !finished && (!event.key || event.key.startsWith(prefix)) && report());
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);
}
const frame = document.querySelector('iframe');
frame.src = frame.dataset.src;
})();
