// Pilots: write a hypothesis, run it against the history pinned at a position with a progress bar, and compare it with
// the baseline side by side, differences highlighted.
import { h, mount } from '../dom.js';
import * as f from '../format.js';
import { problemView } from '../problem.js';

const CHANNELS = ['email', 'meeting', 'call', 'forum', 'chat', 'socialNetwork', 'other'];
const MODELS = ['linear', 'firstTouch', 'lastTouch', 'positionBased', 'timeDecay'];
const POLL_MS = 250;
let lastRun = null; // the latest run of this tab, shown again when the view re-renders

export default {
  title: 'Pilots',
  allowed: (caps) => caps.pilots.allowed,
  refusal: (caps) => caps.pilots.problem,
  async render(ctx) {
    let position = ctx.asOf;
    let channels = CHANNELS;
    let departments = [];
    let initiatives = [];
    if (ctx.caps.reports.allowed) {
      const roi = await ctx.api.get('/api/reports/roi', { asOf: ctx.asOf });
      position = roi.asOfPosition;
      initiatives = roi.initiatives;
      const options = await ctx.api.get('/api/reports/outcomes', { asOf: position, period: 'quarter', by: 'channel,department' });
      channels = [...new Set([...CHANNELS, ...options.rows.map((r) => r.channel).filter(Boolean)])];
      departments = [...new Set(options.rows.map((r) => r.department).filter(Boolean))].sort();
    }
    position ??= ctx.head;
    ctx.position(position);
    return view(ctx, { position, channels, departments, initiatives });
  },
};

function checkboxes(name, values) {
  return h('div', { class: 'checks', role: 'group', 'aria-label': name },
    values.map((v) => h('label', { class: 'check-item' }, h('input', { type: 'checkbox', name, value: v }), ` ${f.capitalised(f.words(v))}`)));
}

function view(ctx, { position, channels, departments, initiatives }) {
  const result = h('section', { class: 'card', id: 'pilot-result', dataset: { state: 'idle' }, 'aria-live': 'polite' });
  const form = h('form', { class: 'card pilot-form', id: 'pilot-form' },
    h('h2', {}, 'Hypothesis'),
    h('label', { class: 'field' }, 'Name', h('input', { id: 'pilot-name', name: 'name', required: true, maxlength: 200, placeholder: 'Without the social programme' })),
    h('label', { class: 'field' }, 'Statement', h('textarea', { id: 'pilot-statement', name: 'statement', required: true, maxlength: 4000, rows: 3, placeholder: 'What we believe, and what would show it' })),
    h('label', { class: 'field' }, 'Pinned at position',
      h('input', { id: 'pilot-position', name: 'pinnedPosition', type: 'number', min: 1, step: 1, value: position, required: true })),
    h('fieldset', {}, h('legend', {}, 'Change the history'),
      h('label', { class: 'field' }, 'Transactions matching the filter below',
        h('select', { id: 'pilot-mode' }, h('option', { value: 'drop' }, 'are dropped (as if they had not happened)'), h('option', { value: 'only' }, 'are the only ones kept'))),
      h('p', { class: 'field-label' }, 'Channels'), checkboxes('channel', channels),
      departments.length ? [h('p', { class: 'field-label' }, 'Departments'), checkboxes('department', departments)] : null,
      h('div', { class: 'row' },
        h('label', { class: 'field' }, 'Scale the costs of',
          h('select', { id: 'pilot-scale-initiative' }, h('option', { value: '' }, 'no initiative'), initiatives.map((i) => h('option', { value: i.initiativeId }, i.name)))),
        h('label', { class: 'field' }, 'by a factor of', h('input', { id: 'pilot-scale-factor', type: 'number', min: 0, step: 0.05, value: 1 })))),
    h('fieldset', {}, h('legend', {}, 'Attribution'),
      h('div', { class: 'row' },
        h('label', { class: 'field' }, 'Model', h('select', { id: 'pilot-model' }, MODELS.map((m) => h('option', { value: m }, f.capitalised(f.words(m)))))),
        h('label', { class: 'field' }, 'Half-life (days, time decay)', h('input', { id: 'pilot-half-life', type: 'number', min: 1, step: 1, value: 30 })),
        h('label', { class: 'field' }, 'Look-back (days)', h('input', { id: 'pilot-lookback', type: 'number', min: 1, step: 1, value: 90 })))),
    h('details', {}, h('summary', {}, 'More of the hypothesis as JSON (valuation, hypothetical transactions…)'),
      h('textarea', { id: 'pilot-json', rows: 4, spellcheck: 'false', placeholder: '{ "add": [ … ] }' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'pilot-run' }, 'Run the pilot')),
    h('div', { id: 'pilot-form-problem' }));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    mount(form.querySelector('#pilot-form-problem'));
    let hypothesis;
    try {
      hypothesis = readHypothesis(form);
    } catch (error) {
      mount(form.querySelector('#pilot-form-problem'), problemView({ problem: { title: 'The hypothesis is not complete', detail: error.message } }));
      return;
    }
    const button = form.querySelector('#pilot-run');
    button.disabled = true;
    try {
      await run(ctx, hypothesis, result);
    } finally {
      button.disabled = false;
    }
  });

  if (lastRun) showResult(result, lastRun.hypothesis, lastRun.status);
  else mount(result, h('h2', {}, 'Comparison'), h('p', { class: 'muted' }, 'Run a hypothesis to compare it with the baseline at the same position.'));
  return h('div', { class: 'stack' },
    h('header', { class: 'view-head' }, h('h1', {}, 'Pilots'),
      h('p', { class: 'muted' }, `Replays the ledger up to the pinned position under your hypothesis — the production figures are never touched — and compares every figure with the baseline. Defaults to the as-of position (${f.integer(position)}).`)),
    h('div', { class: 'pilot-layout' }, form, result));
}

function readHypothesis(form) {
  const value = (id) => form.querySelector(`#${id}`).value.trim();
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
  const hypothesis = { name: value('pilot-name'), statement: value('pilot-statement'), pinnedPosition: Number(value('pilot-position')) };
  const filter = {};
  if (checked('channel').length) filter.channels = checked('channel');
  if (checked('department').length) filter.departments = checked('department');
  if (Object.keys(filter).length) hypothesis[value('pilot-mode')] = filter;
  const initiative = value('pilot-scale-initiative');
  if (initiative) hypothesis.scaleCosts = [{ initiativeId: initiative, factor: Number(value('pilot-scale-factor')) }];
  const model = value('pilot-model');
  if (model !== 'linear' || Number(value('pilot-lookback')) !== 90) {
    hypothesis.attribution = { model, lookbackDays: Number(value('pilot-lookback')) };
    if (model === 'timeDecay') hypothesis.attribution.halfLifeDays = Number(value('pilot-half-life'));
  }
  const json = value('pilot-json');
  if (json) {
    let extra;
    try {
      extra = JSON.parse(json);
    } catch (error) {
      throw new Error(`The JSON part is not valid JSON: ${error.message}`);
    }
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new Error('The JSON part must be an object, e.g. { "add": [] }.');
    Object.assign(hypothesis, extra);
  }
  return hypothesis;
}

async function run(ctx, hypothesis, result) {
  const progress = h('progress', { id: 'pilot-progress', max: Math.max(1, hypothesis.pinnedPosition), value: 0 });
  const progressText = h('span', { id: 'pilot-progress-text' }, 'Starting…');
  const cancel = h('button', { type: 'button', class: 'secondary', id: 'pilot-cancel' }, 'Cancel');
  result.dataset.state = 'running';
  mount(result, h('h2', {}, `Running “${hypothesis.name}”`), h('div', { class: 'progress-row' }, progress, progressText, cancel), h('div', { id: 'pilot-run-problem' }));
  let status;
  try {
    status = await ctx.api.post('/api/pilots/runs', hypothesis);
    cancel.addEventListener('click', async () => {
      cancel.disabled = true;
      try {
        await ctx.api.post(`/api/pilots/runs/${status.runId}/cancel`);
      } catch (error) {
        mount(result.querySelector('#pilot-run-problem'), problemView(error));
      }
    });
    result.dataset.runId = status.runId;
    while (status.state === 'running') {
      progress.value = status.progress;
      progressText.textContent = `Replayed ${f.integer(status.progress)} of ${f.integer(hypothesis.pinnedPosition)} positions (${f.percent(status.progress / Math.max(1, hypothesis.pinnedPosition), 0)})`;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      status = await ctx.api.get(`/api/pilots/runs/${status.runId}`);
    }
  } catch (error) {
    result.dataset.state = 'error';
    mount(result, h('h2', {}, `“${hypothesis.name}” could not run`), problemView(error));
    return;
  }
  lastRun = { hypothesis, status };
  showResult(result, hypothesis, status);
}

function showResult(result, hypothesis, status) {
  result.dataset.state = status.state;
  result.dataset.runId = status.runId;
  const progress = h('progress', { id: 'pilot-progress', max: Math.max(1, status.pinnedPosition), value: status.progress });
  const head = [
    h('h2', {}, `“${hypothesis.name}”`),
    h('p', {}, hypothesis.statement),
    h('div', { class: 'progress-row' }, progress, h('span', { id: 'pilot-progress-text' },
      `${f.capitalised(status.state)}: replayed ${f.integer(status.progress)} of ${f.integer(status.pinnedPosition)} positions`)),
  ];
  if (status.state !== 'completed') {
    mount(result, head, problemView({ problem: {
      title: status.state === 'cancelled' ? 'The run was cancelled' : 'The run failed',
      detail: status.error ?? (status.state === 'cancelled' ? 'Nothing was recorded.' : ''),
    } }));
    return;
  }
  mount(result, head, comparison(status.result));
}

function formatFigure(name, value, currency, signed = false) {
  const last = name.split('/').pop();
  if (/roi$/i.test(last) || last === 'crossDepartmentConnectivity') return signed ? f.signedPercent(value, 2) : f.percent(value, 2);
  if (last === 'count') return signed ? f.signedInteger(value) : f.integer(value);
  return signed ? f.signedMoney(value, currency) : f.money(value, currency);
}

function figureLabel(name) {
  const [section, ...rest] = name.split('/');
  const sections = { roi: 'ROI', outcomes: 'Outcomes', attribution: 'Attribution', network: 'Network' };
  // "roi/Community forum/monetaryGain" → ROI · "Community forum · monetary gain" (names stay as written).
  return { section: sections[section] ?? section, label: rest.map((p) => (/^[a-z]+[A-Z]/.test(p) ? f.words(p) : p)).join(' · ') };
}

function comparison(result) {
  const changed = result.figures.filter((x) => x.difference !== 0 || x.baseline === null || x.hypothesis === null);
  const only = h('input', { type: 'checkbox', id: 'pilot-only-changes' });
  const table = h('table', { class: 'comparison' },
    h('thead', {}, h('tr', {},
      h('th', {}, 'Figure'), h('th', { class: 'num side baseline' }, 'Baseline'), h('th', { class: 'num side hypothesis' }, 'Hypothesis'),
      h('th', { class: 'num' }, 'Difference'), h('th', { class: 'num' }, 'Change'))),
    h('tbody', {}, result.figures.map((x) => {
      const { section, label } = figureLabel(x.figure);
      const isChanged = changed.includes(x);
      const direction = !isChanged ? '' : (x.difference ?? 0) > 0 ? ' up' : (x.difference ?? 0) < 0 ? ' down' : ' missing';
      return h('tr', { class: `${isChanged ? 'changed' : 'same'}${direction}`, dataset: { figure: x.figure, difference: x.difference ?? '' } },
        h('th', { scope: 'row' }, h('span', { class: 'tag' }, section), ' ', label),
        h('td', { class: 'num side baseline' }, x.baseline === null ? '—' : formatFigure(x.figure, x.baseline, result.currency)),
        h('td', { class: 'num side hypothesis' }, x.hypothesis === null ? '—' : formatFigure(x.figure, x.hypothesis, result.currency)),
        h('td', { class: 'num diff' }, x.difference === null ? 'only on one side' : formatFigure(x.figure, x.difference, result.currency, true)),
        h('td', { class: 'num diff' }, x.relativeChange === null ? '—' : f.signedPercent(x.relativeChange, 1)));
    })));
  only.addEventListener('change', () => table.classList.toggle('only-changes', only.checked));
  return h('div', { class: 'stack' },
    h('p', { class: 'summary', dataset: { changed: changed.length, figures: result.figures.length } },
      h('strong', {}, `${f.integer(changed.length)} of ${f.integer(result.figures.length)} figures differ`),
      ` from the baseline at position ${f.integer(result.pinnedPosition)}.`,
      result.hypotheticalTransactions.length ? ` Includes ${f.integer(result.hypotheticalTransactions.length)} hypothetical transactions.` : ''),
    h('label', { class: 'field inline' }, only, ' Show only the figures that differ'),
    h('div', { class: 'table-scroll comparison-scroll' }, table),
    h('p', { class: 'muted mono', title: 'SHA-256 of the hypothesis, the position and every figure: the same run anywhere gives the same hash' }, `Result hash ${result.resultHash}`));
}
