/* seminarkit.js: self-checking exercises, answers kept in this browser, the progress page.
   Answer keys come from each block's JSON (template.sk-data), the words once per page
   (template.sk-ui) unless a block's JSON has its own. Author content from the JSON is
   inserted as HTML, learner text only ever as textContent or a field's value. */
(() => {
'use strict';

/* ---- helpers ---- */
const $$ = (root, selector) => Array.from(root.querySelectorAll(selector));
const text = (node) => (node ? node.textContent.replace(/\s+/g, ' ').trim() : '');
const fill = (words, values) => words.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
const make = (tag, className, ...children) => {
  const node = document.createElement(tag);
  node.className = className;
  node.append(...children); // strings become text nodes
  return node;
};
const authored = (node, html) => {
  if (html) node.insertAdjacentHTML('beforeend', html); // from the page's own answer key only
  return node;
};
const when = (iso) => (iso ? new Date(iso).toLocaleString(document.documentElement.lang || undefined) : '');
const labelText = (input) => text(input.labels[0]);
const hasFields = (record) => Object.values(record.fields).some((value) => value.length > 0);
const hasContent = (record) => !!record && (hasFields(record) || record.items.length > 0 || record.done || !!record.result);
const filled = (pairs) => pairs.filter((pair) => pair[1].trim());
const norm = (value) => JSON.stringify(value && value.length ? value : ''); // an empty field is no field
const same = (a, b) => norm(a) === norm(b);

/* ---- storage: one JSON record per course id and exercise in localStorage ---- */
const store = {
  key: (course, id) => `seminarkit:${encodeURIComponent(course)}:${id}`,
  get(course, id) {
    try {
      return clean(JSON.parse(localStorage.getItem(this.key(course, id))));
    } catch (error) {
      return null;
    }
  },
  /* true when written, else why not, as the key of its words: 'full' (the origin's quota is used up)
     or 'not_saved' (storage is switched off) */
  put(course, id, record) {
    try {
      localStorage.setItem(this.key(course, id), JSON.stringify(record));
      return true;
    } catch (error) {
      return /^(QuotaExceededError|NS_ERROR_DOM_QUOTA_REACHED)$/.test(error.name) ? 'full' : 'not_saved';
    }
  },
  /* The stored records of these exercises of the course, by id (a Map: any id is a safe key). */
  all(course, ids) {
    return new Map(ids.map((id) => [id, this.get(course, id)]).filter((pair) => pair[1]));
  },
};

/* A record with known keys and types only, whatever was stored or imported; null if unusable.
   `previous` is its history: answers set aside (`why`: '' the exercise changed, 'conflict',
   'import', 'file', 'restore'), each with the fields to restore it from. */
function clean(value) {
  if (!value || typeof value !== 'object') return null;
  const list = (item) => (Array.isArray(item) ? item : []);
  const map = () => Object.create(null); // no prototype: any name is a plain key
  const record = { fields: map(), result: value.result ? map() : null, checked: value.checked === true, done: value.done === true };
  for (const name of ['hash', 'type', 'title', 'updated', 'status']) record[name] = String(value[name] || '');
  for (const [name, item] of Object.entries(Object(value.fields))) record.fields[name] = Array.isArray(item) ? item.map(String) : String(item);
  for (const [name, item] of Object.entries(Object(value.result))) record.result[name] = Number(item) || 0;
  record.items = list(value.items).map((pair) => [0, 1].map((index) => String(list(pair)[index] || '')));
  if (value.why) record.why = String(value.why);
  record.previous = list(value.previous).reduce((history, old) => keep(history, clean(old)), []);
  return record;
}

/* Add an answer to a history once, if it holds anything; returns the history. */
function keep(history, record, why) {
  if (!record || !(record.items.length || hasFields(record))) return history;
  const { hash, title, updated, items, fields } = record;
  if (!history.some((old) => old.hash === hash && same(old.items, items))) history.push({ hash, title, updated, items, fields, why: why || record.why || '' });
  return history;
}

function answerList(items) {
  const list = make('dl', 'sk-answer-list');
  for (const [label, value] of items) list.append(make('dt', '', label), make('dd', '', value));
  return list;
}

/* ---- marking answers: below a question (with its explanation) or right after a field, there in
   a <bdi> so that it never reorders the right-to-left text around it ---- */
function mark(ex, item, ok, answered, { after, explanation } = {}) {
  item.classList.add(ok ? 'sk-right' : 'sk-wrong');
  if (!ok && item.matches('input, select')) item.setAttribute('aria-invalid', 'true');
  const note = make(after ? 'bdi' : 'p', `sk-mark sk-mark--${ok ? 'right' : 'wrong'}`, ok ? ex.ui.right : answered ? ex.ui.wrong : ex.ui.unanswered);
  if (after) after.after(note);
  else item.append(authored(make('div', 'sk-item-feedback', note), ok && explanation));
  return { ok, answered };
}
const score = (marks) => ({ right: marks.filter((item) => item.ok).length, total: marks.length, answered: marks.filter((item) => item.answered).length });
/* A gap answer as people read it: the rules of seminarkit/model/answers.py, kept equal by a test. */
const normal = (value, exact) => {
  const text = value.normalize('NFC').replace(/[\u00ad\u200b\u2060\ufeff]/g, '').replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc\u2039\u203a\uff07]/g, "'")
    .replace(/[\u201c-\u201f\u2033\u00ab\u00bb\uff02]/g, '"').replace(/[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, ' ').trim().normalize('NFC');
  return exact ? text : text.toLowerCase().normalize('NFC');
};
const body = (ex, selector) => $$(ex.section, `.sk-exercise__body ${selector}`);
const orderItems = (ex) => body(ex, '.sk-ordering > li');
const choiceItems = (ex) => filled(body(ex, 'fieldset').map((set) => [text(set.querySelector('legend')), $$(set, 'input:checked').map(labelText).join('; ')]));
const tableItems = (ex) => {
  const heads = body(ex, 'thead th').map(text);
  return filled(body(ex, 'tbody tr').map((row, index) => [`${ex.ui.row} ${index + 1}`,
    filled($$(row, 'textarea').map((area, column) => [heads[column], area.value])).map((pair) => pair.join(': ')).join('\n')]));
};

/* ---- one small set of functions per exercise type ---- */
const TYPES = {
  quiz: {
    check: (ex) => score(body(ex, 'fieldset').map((set, index) => {
      const { correct, feedback, explanation } = ex.key.questions[index];
      const chosen = $$(set, 'input:checked');
      chosen.forEach((input) => feedback[input.value] && input.parentNode.after(authored(make('div', 'sk-item-feedback sk-option-feedback'), feedback[input.value])));
      const ok = chosen.length === correct.length && chosen.every((input) => correct.includes(input.value));
      return mark(ex, set, ok, chosen.length > 0, { explanation });
    })),
    items: choiceItems,
  },
  cloze: {
    check: (ex) => score(body(ex, '.sk-gap').map((input, index) => {
      const given = normal(input.value, ex.key.case_sensitive);
      return mark(ex, input, given !== '' && ex.key.gaps[index].split('|').some((answer) => normal(answer, ex.key.case_sensitive) === given), given !== '', { after: input });
    })),
    items: (ex) => filled(body(ex, '.sk-gap').map((input) => [input.getAttribute('aria-label'), input.value])),
  },
  matching: {
    check: (ex) => score(body(ex, '.sk-match select').map((select, index) => mark(ex, select, select.value === ex.key.pairs[index], select.value !== '', { after: select }))),
    items: (ex) => filled(body(ex, '.sk-match select').map((select) => [labelText(select), select.value && text(select.selectedOptions[0])])),
  },
  ordering: {
    prepare: (ex) => orderItems(ex).forEach((item) => {
      item.querySelector('.sk-ordering__position').remove(); // the move buttons replace the selects
      item.querySelector('.sk-moves').hidden = false;
      $$(item, '.sk-move').forEach((move, index) => move.addEventListener('click', () => moveItem(ex, item, index ? 1 : -1)));
    }),
    check: (ex) => score(orderItems(ex).map((item, index) => mark(ex, item, item.dataset.skItem === String(index + 1), true, { after: item.lastChild }))),
    items: (ex) => [[ex.ui.your_order, orderItems(ex).map((item, index) => `${index + 1}. ${text(item.firstElementChild)}`).join('\n')]],
  },
  'self-assessment': {
    check(ex) {
      const { points, reverse, bands } = ex.key;
      const values = body(ex, 'tr[data-sk-statement]').map((row) => Number((row.querySelector('input:checked') || {}).value || 0));
      if (values.includes(0)) return ex.ui.rate_all;
      const total = values.reduce((sum, value, index) => sum + (reverse[index] ? points + 1 - value : value), 0);
      const band = bands.find((item) => total >= item.min && total <= item.max);
      authored(ex.feedback, band && band.text).prepend(make('p', 'sk-total', fill(ex.ui.total, { n: total })));
      return { points: total };
    },
    items: (ex) => body(ex, 'input:checked').map((input) => [text(input.closest('tr').firstElementChild), text(document.getElementById(`${ex.section.id}-c${input.value}`))]),
  },
  scenario: {
    check(ex) {
      const chosen = body(ex, 'input:checked')[0];
      if (!chosen) return ex.ui.choose_first;
      const options = body(ex, '.sk-option');
      ex.key.choices.forEach((choice, index) => choice.recommended && options[index].append(make('span', 'sk-badge sk-mark', ex.ui.recommended)));
      ex.feedback.append(make('p', 'sk-label', `${ex.ui.your_choice}: ${labelText(chosen)}`));
      authored(ex.feedback, ex.key.choices[chosen.value - 1].consequence);
      return { choice: Number(chosen.value) };
    },
    items: choiceItems,
  },
  checklist: {
    status(ex) {
      const boxes = body(ex, 'input');
      const ticked = boxes.filter((box) => box.checked).length;
      ex.rec.result = { right: ticked, total: boxes.length };
      return ticked === boxes.length ? 'done' : ticked ? 'progress' : 'none';
    },
    items: (ex) => body(ex, 'input').map((box) => [labelText(box), box.checked ? ex.ui.ticked : ex.ui.open]),
  },
  reflection: { items: (ex) => filled(body(ex, 'textarea').map((area) => [text(area.previousElementSibling), area.value])) },
  'network-map': { items: tableItems },
  'action-plan': { items: tableItems },
};

TYPES['true-false'] = TYPES.quiz; // its answer key has the quiz's form

function moveItem(ex, item, step) {
  const items = orderItems(ex);
  const index = Math.min(Math.max(items.indexOf(item) + step, 0), items.length - 1);
  const focused = document.activeElement;
  if (items[index] !== item) items[index][step < 0 ? 'before' : 'after'](item);
  focused.focus(); // moving the item must not lose the keyboard focus
  edited(ex);
  say(ex, fill(ex.ui.moved, { item: text(item.firstElementChild), n: index + 1, total: items.length }));
}

/* ---- an exercise: restore, save as the learner works, check ---- */
const watchers = new Set(); // exercises and progress views on this page, told of other windows' saves

function setupExercise(section) {
  const json = JSON.parse(section.querySelector('template.sk-data').content.textContent);
  const { skExercise: id, skType: type, skHash: hash, skLegacyHash: legacy } = section.dataset;
  const ex = {
    section, id, type, hash, legacy, ui: json.ui || JSON.parse(document.querySelector('template.sk-ui').content.textContent), key: json.key, course: json.course, courseTitle: json.title, kind: TYPES[type] || {},
    title: text(section.querySelector('.sk-exercise__title')), feedback: section.querySelector('.sk-feedback'),
  };
  section.classList.add('sk-js');
  if (ex.kind.prepare) ex.kind.prepare(ex);
  toolbar(ex);
  const hints = $$(section, 'details.sk-hint'); // one hint at a time
  hints.forEach((hint, index) => {
    hint.hidden = index > 0;
    hint.addEventListener('toggle', () => hint.open && hints[index + 1] && (hints[index + 1].hidden = false));
  });
  load(ex);
  for (const event of ['input', 'change']) section.addEventListener(event, () => edited(ex));
  watchers.add(Object.assign(ex, { node: section, storeKey: store.key(ex.course, id), run: () => sync(ex, false) }));
}

function toolbar(ex) {
  const bar = ex.section.querySelector('.sk-actions'); // the template's buttons, hidden until now
  const on = (name, listener) => {
    const node = bar.querySelector(`[data-sk-do=${name}]`);
    if (node) node.addEventListener('click', listener);
    return node;
  };
  on('check', () => check(ex, true));
  ex.retry = on('retry', () => retry(ex));
  ex.doneButton = on('done', () => {
    ex.rec.done = !ex.rec.done;
    save(ex);
  });
  on('print', () => printOnly(ex.section));
  ex.saved = bar.querySelector('.sk-saved');
  // Offered while answers cannot be stored: this page's answers as a file, to load later.
  ex.exportButton = ex.saved.insertAdjacentElement('afterend', make('button', 'sk-button', ex.ui.export));
  ex.exportButton.addEventListener('click', () => exportFile(ex.ui, ex.course, ex.courseTitle,
    [...watchers].filter((other) => other.rec && other.node.isConnected && other.course === ex.course).map((other) => [other.id, other.rec])));
  bar.hidden = false;
}

const fresh = (ex) => ({ hash: ex.hash, fields: Object.create(null), items: [], result: null, checked: false, done: false, previous: [] });
const snapshot = (ex) => ({ fields: collect(ex), done: ex.rec.done, check: JSON.stringify([ex.rec.checked, ex.rec.result]) });

function load(ex) {
  Object.assign(ex, { rec: fresh(ex), added: [], why: true });
  ex.base = snapshot(ex); // what this window shows, as of its last look at the storage
  sync(ex, false);
}

/* Put values into the fields that show something else (`shown`: what they hold); true if any did. */
function fillIn(ex, fields, shown) {
  let changed = false;
  for (const node of $$(ex.section, '[data-sk-field]')) {
    const name = node.dataset.skField;
    const value = fields[name];
    if (same(value, shown[name]) || (node.tagName === 'OL' && !value)) continue;
    changed = true;
    if (node.type === 'radio' || node.type === 'checkbox') node.checked = [].concat(value).includes(node.value);
    else if (node.tagName !== 'OL') node.value = value === undefined ? '' : String(value);
    else {
      const items = orderItems(ex);
      const ordered = [].concat(value).map((item) => items.find((node) => node.dataset.skItem === item));
      if (new Set(ordered).size === items.length && !ordered.includes(undefined)) node.append(...ordered);
    }
  }
  return changed;
}

function collect(ex) {
  const fields = {};
  for (const node of $$(ex.section, '[data-sk-field]')) {
    const name = node.dataset.skField;
    if (node.type === 'checkbox') fields[name] = (fields[name] || []).concat(node.checked ? [node.value] : []);
    else if (node.tagName === 'OL') fields[name] = orderItems(ex).map((item) => item.dataset.skItem);
    else if (node.type === 'radio' ? node.checked : node.value.trim()) fields[name] = node.value;
  }
  return fields;
}

/* Bring this window's answer and the stored one together: another window may have saved since this
   one last looked. Per field, a change made here wins and otherwise the stored value comes in; a
   field changed both here and there keeps the stored answer in the history. Writes when this
   window has changes of its own, or when `force`d. */
function sync(ex, force) {
  const { base, rec } = ex;
  const mine = collect(ex);
  let theirs = store.get(ex.course, ex.id) || fresh(ex);
  if (theirs.hash === ex.legacy) theirs.hash = ex.hash; // saved by seminarkit 0.1: the same question
  if (theirs.hash !== ex.hash) theirs = Object.assign(fresh(ex), { previous: keep(theirs.previous, theirs) }); // shown, not filled in
  const fields = Object.assign(Object.create(null), theirs.fields);
  let own = force;
  let conflict = false;
  for (const name of new Set([...Object.keys(mine), ...Object.keys(base.fields), ...Object.keys(theirs.fields)])) {
    if (same(mine[name], base.fields[name])) continue; // not changed here: the stored value counts
    own = true;
    const other = theirs.fields[name];
    conflict = conflict || !(same(other, undefined) || same(other, base.fields[name]) || same(other, mine[name]));
    if (mine[name] === undefined) delete fields[name];
    else fields[name] = mine[name];
  }
  if (conflict) keep(ex.added, theirs, 'conflict');
  const next = Object.assign(theirs, { fields, previous: ex.added.reduce((list, old) => keep(list, old), theirs.previous) });
  const shownCheck = JSON.stringify([rec.checked, rec.result]);
  if (rec.done !== base.done) next.done = rec.done;
  if (shownCheck !== base.check) Object.assign(next, { checked: rec.checked, result: rec.result });
  own = own || rec.done !== base.done || shownCheck !== base.check;
  ex.rec = next;
  if (fillIn(ex, fields, mine) || JSON.stringify([next.checked, next.result]) !== shownCheck) {
    clearMarks(ex);
    if (next.checked && ex.kind.check) check(ex, false);
  }
  if (own) {
    const result = Object.assign(next, { type: ex.type, title: ex.title, updated: new Date().toISOString() }).result;
    next.status = ex.kind.status ? ex.kind.status(ex)
      : next.done || (result && !(result.answered < result.total)) ? 'done' : hasFields(next) || result ? 'progress' : 'none';
    next.items = ex.kind.items ? ex.kind.items(ex) : [];
    const why = store.put(ex.course, ex.id, next);
    if (why !== true && why !== ex.why) announce(`${ex.ui[why]} ${ex.ui.save_file}`);
    if (why === true) ex.added = [];
    ex.why = why;
  }
  if (!own || ex.why === true) ex.base = snapshot(ex); // else the changes stay this window's own
  if (conflict) say(ex, ex.ui.conflict);
  refresh(ex);
}

const save = (ex) => sync(ex, true);

function refresh(ex) {
  const record = ex.rec;
  const stored = ex.why === true;
  ex.saved.textContent = !stored ? ex.ui[ex.why] : record.updated ? `✓ ${ex.ui.saved} · ${when(record.updated)}` : '';
  ex.saved.classList.toggle('sk-saved--not', !stored);
  ex.exportButton.hidden = stored;
  if (ex.doneButton) ex.doneButton.setAttribute('aria-pressed', String(record.done));
  history(ex);
  const solution = ex.section.querySelector('details.sk-solution');
  if (!solution) return;
  ex.solutionNote = ex.solutionNote || solution.insertAdjacentElement('beforebegin', make('p', 'sk-note sk-solution-note', ex.ui.solution_after));
  solution.hidden = !(ex.kind.check ? record.result : hasFields(record) || record.done); // after a first attempt
  ex.solutionNote.hidden = !solution.hidden;
}

const earlier = (ui, old) => (Object.hasOwn(ui.why, old.why) ? fill(ui.kept, { date: when(old.updated), why: ui.why[old.why] }) : fill(ui.earlier, { date: when(old.updated) }));

/* The exercise's history above it: answers to an earlier version (read only), then answers set aside
   by another window, a loaded file or a restore, each restorable. The current answer is not listed. */
function history(ex) {
  const mine = (old) => old.hash === ex.hash;
  const list = ex.rec.previous.filter((old) => !mine(old) || !same(old.items, ex.rec.items)).sort((a, b) => mine(a) - mine(b));
  const signature = JSON.stringify(list);
  if (signature === ex.shownHistory) return;
  ex.shownHistory = signature;
  if (ex.box) ex.box.remove();
  if (!list.length) return;
  ex.box = make('div', 'sk-changed', ...(mine(list[0]) ? [] : [make('p', '', ex.ui.changed)]));
  for (const old of list) {
    ex.box.append(make('p', 'sk-label', earlier(ex.ui, old)), answerList(old.items));
    if (mine(old) && hasFields(old)) {
      ex.box.append(make('button', 'sk-button', ex.ui.restore));
      ex.box.lastChild.addEventListener('click', () => restore(ex, old));
    }
  }
  ex.section.querySelector('.sk-exercise__header').after(ex.box);
}

function restore(ex, old) {
  keep(ex.added, ex.rec, 'restore'); // the answer it replaces goes into the history
  fillIn(ex, old.fields, collect(ex));
  edited(ex);
  ex.section.querySelector('[data-sk-field]').focus();
  say(ex, ex.ui.restored);
}

const say = (ex, words) => ex.feedback.replaceChildren(make('p', '', words));

function clearMarks(ex) {
  $$(ex.section, '.sk-mark, .sk-item-feedback').forEach((node) => node.remove());
  $$(ex.section, '.sk-right, .sk-wrong').forEach((node) => node.classList.remove('sk-right', 'sk-wrong'));
  $$(ex.section, '[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
  ex.feedback.textContent = '';
  if (ex.retry) ex.retry.hidden = true;
}

function edited(ex) {
  if (ex.rec.checked) clearMarks(ex);
  ex.rec.checked = false;
  save(ex);
}

function check(ex, byLearner) {
  clearMarks(ex);
  const result = ex.kind.check(ex);
  if (typeof result === 'string') return say(ex, result);
  const first = !ex.rec.result;
  Object.assign(ex.rec, { result, checked: true });
  if (ex.retry) {
    say(ex, result.right === result.total ? ex.ui.all_right : fill(ex.ui.score, { n: result.right, total: result.total }));
    ex.retry.hidden = result.right === result.total;
  }
  if (byLearner && first && ex.solutionNote) ex.feedback.append(make('p', '', ex.ui.solution_ready));
  return byLearner ? save(ex) : refresh(ex, true);
}

function retry(ex) {
  const wrong = ex.section.querySelector('.sk-wrong');
  edited(ex);
  const fields = 'input, select, button';
  ((wrong && (wrong.matches(fields) ? wrong : wrong.querySelector(fields))) || ex.section.querySelector('[data-sk-field]')).focus();
}

/* ---- print one exercise (or the answer sheet) and nothing else ---- */
function endPrint() {
  document.documentElement.classList.remove('sk-printing');
  $$(document, '.sk-print-path, .sk-print-target').forEach((node) => node.classList.remove('sk-print-path', 'sk-print-target'));
}

function printOnly(target) {
  endPrint();
  for (let node = target.parentElement; node; node = node.parentElement) node.classList.add('sk-print-path');
  target.classList.add('sk-print-target');
  document.documentElement.classList.add('sk-printing');
  window.print();
}

/* ---- the progress page ---- */
function describe(ui, record, row) {
  const { skHash: hash, skLegacyHash: legacy } = row.dataset;
  const current = (old) => old.hash === hash || old.hash === legacy;
  const status = record && (['progress', 'done'].find((name) => name === record.status) || (hasFields(record) && 'progress'));
  const state = (record && current(record) && status) || 'none';
  const result = state === 'none' ? null : record.result;
  const parts = [ui[{ progress: 'in_progress', done: 'done', none: 'not_started' }[state]]];
  if (result && 'points' in result) parts.push(fill(ui.total, { n: result.points }));
  else if (result && 'right' in result) parts.push(fill(row.dataset.skType === 'checklist' ? ui.ticked_count : ui.score, { n: result.right, total: result.total }));
  if (record && !(current(record) && record.previous.every(current))) parts.push(ui.changed_short);
  return { state, words: parts.join(' · ') };
}

function answerSheet({ ui, course, title, ids, rows }) {
  const sheet = document.createElement('div');
  const add = (tag, words) => sheet.appendChild(make(tag, '', words));
  add('h2', ui.my_answers);
  add('p', `${title} · ${fill(ui.as_of, { date: when(new Date().toISOString()) })}`);
  const records = store.all(course, ids);
  const shown = ids.filter((id) => records.has(id) && (records.get(id).items.length || records.get(id).previous.length));
  if (!shown.length) add('p', ui.no_answers);
  for (const id of shown) {
    const record = records.get(id);
    const row = rows.find((item) => item.dataset.skExercise === id);
    add('h3', record.title || id);
    if (row) add('p', describe(ui, record, row).words);
    sheet.append(answerList(record.items));
    for (const old of record.previous) {
      add('p', earlier(ui, old));
      sheet.append(answerList(old.items));
    }
  }
  return sheet;
}

function download(name, type, content) {
  const link = make('a', '');
  link.href = URL.createObjectURL(new Blob([content], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

const exportFile = (ui, course, title, pairs) => download(ui.file_json, 'application/json', JSON.stringify(
  { format: 'seminarkit-answers', version: 1, course, title, exported: new Date().toISOString(), answers: Object.fromEntries(pairs) }, null, 2));

/* What loading a file does to one exercise: the newer answer counts, the other goes into its history. */
function plan(id, record, local) {
  if (!hasContent(local)) return { id, record, outcome: 'added', next: Object.assign(record, { previous: (local ? local.previous : []).reduce((list, old) => keep(list, old), record.previous) }) };
  if (local.hash === record.hash && same(local.items, record.items)) return { id, record, local, outcome: 'same' };
  const newer = (Date.parse(record.updated) || 0) > (Date.parse(local.updated) || 0);
  const [next, old] = newer ? [record, local] : [local, record];
  next.previous = keep(old.previous.reduce((list, item) => keep(list, item), next.previous), old, newer ? 'import' : 'file');
  return { id, record, local, next, kept: 1, outcome: newer ? 'file_newer' : 'here_newer' };
}

/* The import dialog: per exercise its name, the dates on both sides and what counts afterwards, with
   a note when the file is another course's. Resolves to true when the learner chose to load. */
function ask(dialog, rows, note) {
  Object.assign(dialog.querySelector('.sk-import__other'), { hidden: !note, textContent: note || '' });
  dialog.querySelector('tbody').replaceChildren(...rows.map(([name, ...cells]) => {
    const row = document.createElement('tr');
    row.append(make('th', '', name), ...cells.map((cell) => make('td', '', cell)));
    return row;
  }));
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'load'), { once: true }));
}

function setupProgress(root) {
  const view = JSON.parse(root.querySelector('template.sk-data').content.textContent);
  const { ui, course, title } = view;
  view.rows = $$(root, 'tr[data-sk-exercise]');
  const ids = view.ids = view.ids || view.rows.map((row) => row.dataset.skExercise); // an older template: its rows
  const [message, sheet, toggle, input, dialog] = ['.sk-progress__message', '.sk-answers', '[data-sk-action=answers]', 'input', 'dialog'].map((selector) => root.querySelector(selector));
  const on = (action, listener) => root.querySelector(`[data-sk-action=${action}]`).addEventListener(action === 'import' ? 'change' : 'click', listener);
  const name = (id, record) => text(root.querySelector(`tr[data-sk-exercise="${id}"] th`)) || record.title || id;
  root.querySelector('.sk-progress__needs-js').hidden = true;
  root.querySelector('.sk-progress__actions').hidden = false;

  const render = () => {
    let done = 0;
    for (const row of view.rows) {
      const { state, words } = describe(ui, store.get(course, row.dataset.skExercise), row);
      Object.assign(row.querySelector('.sk-progress__state'), { textContent: words, className: `sk-progress__state sk-state--${state}` });
      done += state === 'done' ? 1 : 0;
    }
    root.querySelector('.sk-progress__summary').textContent = fill(ui.summary, { n: done, total: view.rows.length });
    if (!sheet.hidden) sheet.lastElementChild.replaceChildren(answerSheet(view));
  };
  watchers.add({ node: root, run: render });
  on('export', () => exportFile(ui, course, title, store.all(course, ids))); // this course's exercises only
  on('print', () => printOnly(sheet));
  on('answers', () => {
    sheet.hidden = !sheet.hidden;
    toggle.setAttribute('aria-expanded', String(!sheet.hidden));
    render();
  });
  on('import', async () => {
    let data = null;
    try {
      data = JSON.parse(await input.files[0].text());
    } catch (error) { /* not JSON: no answers */ }
    input.value = '';
    const answers = Object.entries(data && data.format === 'seminarkit-answers' ? Object(data.answers) : {});
    const picked = answers.filter(([id, raw]) => ids.includes(id) && hasContent(clean(raw))); // this course's, with an answer
    const skippedWords = answers.length > picked.length ? ` ${fill(ui.import_skipped, { n: answers.length - picked.length })}` : '';
    const planned = () => picked.map(([id, raw]) => plan(id, clean(raw), store.get(course, id)));
    let steps = planned();
    if (!steps.length) {
      message.textContent = ui.import_error + skippedWords;
      return;
    }
    const other = data.course !== course;
    if (other || steps.some((step) => step.kept)) {
      const rows = steps.map((step) => [name(step.id, step.local || step.record), step.local ? when(step.local.updated) : '–', when(step.record.updated), ui[step.outcome]]);
      const note = other && fill(ui.import_other, { title: String(data.title || data.course || '') });
      if (!(await (dialog ? ask(dialog, rows, note) : window.confirm(ui.import_title)))) {
        message.textContent = ui.import_cancelled;
        return;
      }
      steps = planned(); // once more: another window may have saved while the question was open
    }
    const failed = [];
    let kept = 0;
    let why = true;
    for (const step of steps) {
      const stored = step.next ? store.put(course, step.id, step.next) : true;
      if (stored === true) kept += step.kept || 0;
      else failed.push(name(step.id, step.record));
      if (stored !== true) why = stored;
    }
    const words = [failed.length ? fill(ui.imported_part, { n: steps.length - failed.length, total: steps.length }) : fill(ui.imported, { n: steps.length })];
    if (kept) words.push(fill(ui.import_kept, { n: kept }));
    if (failed.length) words.push(fill(ui[`import_${why}`], { list: failed.join(', ') }), ui.save_file);
    message.textContent = words.join(' ') + skippedWords;
    render();
  });
  on('reset', () => {
    if (!window.confirm(ui.confirm_reset)) return;
    ids.forEach((id) => localStorage.removeItem(store.key(course, id))); // this course's exercises only
    message.textContent = ui.reset_done;
    render();
  });
  render();
}

/* Says something important at once to screen readers (not saved), in one region of the page. */
function announce(words) {
  const region = document.getElementById('sk-alert') || document.body.appendChild(Object.assign(make('div', 'sk-visually-hidden'), { id: 'sk-alert' }));
  region.setAttribute('role', 'alert');
  region.textContent = words;
}

/* ---- start on every page load, and on every page that Material's instant navigation shows ---- */
function attach() {
  // Material's search dialog and its hidden toggle have no accessible name: give them the field's.
  const search = document.querySelector('.md-search__input');
  $$(document, '.md-search[role=dialog], #__search').forEach((node) => search && node.setAttribute('aria-label', search.getAttribute('aria-label')));
  for (const [selector, setup] of [['.sk-exercise[data-sk-exercise]', setupExercise], ['[data-sk-progress]', setupProgress]]) {
    for (const node of $$(document, `${selector}:not([data-sk-ready])`)) {
      node.setAttribute('data-sk-ready', '');
      try {
        setup(node);
      } catch (error) {
        console.error('seminarkit:', node.id, error); // one broken block must not stop the others
      }
    }
  }
  if (watchers.size && !document.getElementById('sk-alert')) announce(''); // in place before it speaks
}
window.addEventListener('afterprint', endPrint);
window.addEventListener('storage', (event) => { // another window of this origin saved or deleted
  for (const watcher of watchers) {
    if (!watcher.node.isConnected) watchers.delete(watcher);
    else if (!event.key || !watcher.storeKey || event.key === watcher.storeKey) watcher.run();
  }
});
if (window.document$ && window.document$.subscribe) window.document$.subscribe(attach);
else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', attach);
else attach();
})();
