/* seminarkit.js: self-checking exercises, answers kept in this browser, the progress page.
   Words and answer keys come from each block's JSON (template.sk-data); its author content is
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
const filled = (pairs) => pairs.filter((pair) => pair[1].trim());

/* ---- storage: one JSON record per course and exercise in localStorage ---- */
const store = {
  key: (course, id) => `seminarkit:${encodeURIComponent(course)}:${id}`,
  get(course, id) {
    try {
      return clean(JSON.parse(localStorage.getItem(this.key(course, id))));
    } catch (error) {
      return null;
    }
  },
  put(course, id, record) {
    try {
      localStorage.setItem(this.key(course, id), JSON.stringify(record));
      return true;
    } catch (error) {
      return false; // refused (private mode, full): the page says "not saved"
    }
  },
  ids(course) {
    const prefix = this.key(course, '');
    return Object.keys(localStorage).filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  },
  all(course) {
    const records = {};
    for (const id of this.ids(course)) records[id] = this.get(course, id);
    return records;
  },
};

/* A record with known keys and types only, whatever was stored or imported; null if unusable. */
function clean(value) {
  if (!value || typeof value !== 'object') return null;
  const list = (item) => (Array.isArray(item) ? item : []);
  const record = { fields: {}, result: value.result ? {} : null, checked: value.checked === true, done: value.done === true };
  for (const name of ['hash', 'type', 'title', 'updated', 'status']) record[name] = String(value[name] || '');
  for (const [name, item] of Object.entries(Object(value.fields))) record.fields[name] = Array.isArray(item) ? item.map(String) : String(item);
  for (const [name, item] of Object.entries(Object(value.result))) record.result[name] = Number(item) || 0;
  record.items = list(value.items).map((pair) => [0, 1].map((index) => String(list(pair)[index] || '')));
  record.previous = list(value.previous).map(clean).filter(Boolean).map(({ hash, title, updated, items }) => ({ hash, title, updated, items }));
  return record;
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
const normal = (value, exact) => (exact ? value.trim() : value.trim().toLowerCase());
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
    items: (ex) => filled(body(ex, '.sk-match select').map((select) => [labelText(select), select.value])),
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
function setupExercise(section) {
  const json = JSON.parse(section.querySelector('template.sk-data').content.textContent);
  const { skExercise: id, skType: type, skHash: hash } = section.dataset;
  const ex = {
    section, id, type, hash, ui: json.ui, key: json.key, course: json.course, kind: TYPES[type] || {},
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
  bar.hidden = false;
}

const fresh = (ex) => ({ hash: ex.hash, fields: {}, items: [], result: null, checked: false, done: false, previous: [] });

function load(ex) {
  let record = store.get(ex.course, ex.id);
  if (record && record.hash !== ex.hash) {
    // The exercise changed since this answer: keep it aside and show it, never fill it in.
    const { hash, title, updated, items } = record;
    record = Object.assign(fresh(ex), { previous: record.previous.concat(items.length ? [{ hash, title, updated, items }] : []) });
  }
  ex.rec = record || fresh(ex);
  for (const node of $$(ex.section, '[data-sk-field]')) {
    const value = ex.rec.fields[node.dataset.skField];
    if (value === undefined) continue;
    if (node.type === 'radio' || node.type === 'checkbox') node.checked = [].concat(value).includes(node.value);
    else if (node.tagName !== 'OL') node.value = String(value);
    else {
      const items = orderItems(ex);
      const ordered = [].concat(value).map((item) => items.find((node) => node.dataset.skItem === item));
      if (new Set(ordered).size === items.length && !ordered.includes(undefined)) node.append(...ordered);
    }
  }
  if (ex.rec.checked && ex.kind.check) check(ex, false);
  const earlier = ex.rec.previous.filter((old) => old.hash !== ex.hash);
  if (earlier.length) {
    const box = make('div', 'sk-changed', make('p', '', ex.ui.changed));
    for (const old of earlier) box.append(make('p', 'sk-label', fill(ex.ui.earlier, { date: when(old.updated) })), answerList(old.items));
    ex.section.querySelector('.sk-exercise__header').after(box);
  }
  refresh(ex, true);
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

function save(ex) {
  const record = Object.assign(ex.rec, { type: ex.type, title: ex.title, updated: new Date().toISOString(), fields: collect(ex) });
  const result = record.result;
  record.status = ex.kind.status ? ex.kind.status(ex)
    : record.done || (result && !(result.answered < result.total)) ? 'done' : hasFields(record) || result ? 'progress' : 'none';
  record.items = ex.kind.items ? ex.kind.items(ex) : [];
  refresh(ex, store.put(ex.course, ex.id, record));
}

function refresh(ex, stored) {
  const record = ex.rec;
  ex.saved.textContent = !stored ? ex.ui.not_saved : record.updated ? `✓ ${ex.ui.saved} · ${when(record.updated)}` : '';
  if (ex.doneButton) ex.doneButton.setAttribute('aria-pressed', String(record.done));
  const solution = ex.section.querySelector('details.sk-solution');
  if (!solution) return;
  ex.solutionNote = ex.solutionNote || solution.insertAdjacentElement('beforebegin', make('p', 'sk-note sk-solution-note', ex.ui.solution_after));
  solution.hidden = !(ex.kind.check ? record.result : hasFields(record) || record.done); // after a first attempt
  ex.solutionNote.hidden = !solution.hidden;
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
  const hash = row.dataset.skHash;
  const state = (record && record.hash === hash && record.status) || 'none';
  const result = state === 'none' ? null : record.result;
  const parts = [ui[{ progress: 'in_progress', done: 'done' }[state] || 'not_started']];
  if (result && 'points' in result) parts.push(fill(ui.total, { n: result.points }));
  else if (result && 'right' in result) parts.push(fill(row.dataset.skType === 'checklist' ? ui.ticked_count : ui.score, { n: result.right, total: result.total }));
  if (record && (record.hash !== hash || record.previous.some((old) => old.hash !== hash))) parts.push(ui.changed_short);
  return { state, words: parts.join(' · ') };
}

function answerSheet({ ui, course, rows }) {
  const sheet = document.createElement('div');
  const add = (tag, words) => sheet.appendChild(make(tag, '', words));
  add('h2', ui.my_answers);
  add('p', `${course} · ${fill(ui.as_of, { date: when(new Date().toISOString()) })}`);
  const records = store.all(course);
  const listed = rows.map((row) => row.dataset.skExercise);
  const ids = listed.concat(Object.keys(records).sort()).filter((id, index, all) => all.indexOf(id) === index
    && records[id] && (records[id].items.length || records[id].previous.length));
  if (!ids.length) add('p', ui.no_answers);
  for (const id of ids) {
    const record = records[id];
    add('h3', record.title || id);
    if (listed.includes(id)) add('p', describe(ui, record, rows[listed.indexOf(id)]).words);
    sheet.append(answerList(record.items));
    for (const old of record.previous) {
      add('p', fill(ui.earlier, { date: when(old.updated) }));
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

function setupProgress(root) {
  const view = JSON.parse(root.querySelector('template.sk-data').content.textContent);
  const { ui, course } = view;
  view.rows = $$(root, 'tr[data-sk-exercise]');
  const [message, sheet, toggle, input] = ['.sk-progress__message', '.sk-answers', '[data-sk-action=answers]', 'input'].map((selector) => root.querySelector(selector));
  const on = (action, listener) => root.querySelector(`[data-sk-action=${action}]`).addEventListener(action === 'import' ? 'change' : 'click', listener);
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
  on('export', () => download(ui.file_json, 'application/json', JSON.stringify(
    { format: 'seminarkit-answers', version: 1, course, exported: new Date().toISOString(), answers: store.all(course) }, null, 2)));
  on('print', () => printOnly(sheet));
  on('answers', () => {
    sheet.hidden = !sheet.hidden;
    toggle.setAttribute('aria-expanded', String(!sheet.hidden));
    render();
  });
  on('import', async () => {
    let records = [];
    try {
      const data = JSON.parse(await input.files[0].text());
      if (data.format === 'seminarkit-answers' && data.course === course) {
        records = Object.entries(Object(data.answers)).map(([id, record]) => [id, clean(record)]).filter((pair) => pair[1]);
      }
    } catch (error) { /* not an answer file of this course: records stays empty */ }
    input.value = '';
    const replaced = records.filter(([id]) => store.get(course, id)).length;
    if (!records.length) message.textContent = ui.import_error;
    else if (!replaced || window.confirm(fill(ui.confirm_import, { n: replaced }))) {
      records.forEach(([id, record]) => store.put(course, id, record));
      message.textContent = fill(ui.imported, { n: records.length });
      render();
    }
  });
  on('reset', () => {
    if (!window.confirm(ui.confirm_reset)) return;
    store.ids(course).forEach((id) => localStorage.removeItem(store.key(course, id)));
    message.textContent = ui.reset_done;
    render();
  });
  render();
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
}
window.addEventListener('afterprint', endPrint);
if (window.document$ && window.document$.subscribe) window.document$.subscribe(attach);
else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', attach);
else attach();
})();
