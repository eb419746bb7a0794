// ROI overview: ROI per initiative, cost against value, payback and cumulative curves; the transaction mix by kind
// over time; outcome metrics filtered by channel, department and period. Every figure drills down to its events.
import { h, mount } from '../dom.js';
import * as f from '../format.js';
import { barChart, legend, stepChart } from '../charts.js';
import { problemView } from '../problem.js';
import { drillResult, explanation, figure, openDrill, ratioResult, recordedCostTable } from './drill.js';

export const KINDS = ['monetary', 'informational', 'logistical', 'emotional'];
const VALUE_KINDS = ['informational', 'logistical', 'emotional'];

export default {
  title: 'ROI overview',
  allowed: (caps) => caps.reports.allowed,
  refusal: (caps) => caps.reports.problem,
  async render(ctx) {
    const roi = await ctx.api.get('/api/reports/roi', { asOf: ctx.asOf });
    const position = roi.asOfPosition;
    ctx.position(position);
    // Every later request is pinned to the same position, so all figures on the page belong together.
    const options = await ctx.api.get('/api/reports/outcomes', { asOf: position, period: 'quarter', by: 'channel,department' });
    const currency = roi.currency;
    const page = { ctx, roi, position, events: initiativeEvents(ctx, position, roi.initiatives) };
    return h('div', { class: 'stack' },
      h('header', { class: 'view-head' },
        h('h1', {}, 'ROI overview'),
        h('p', { class: 'muted' }, `As of position ${f.integer(position)} · figures in ${currency} · valuation model v${roi.valuationModelVersion}`)),
      totals(page),
      roiTable(page),
      h('div', { class: 'grid-2' }, costAgainstValue(page), curves(page)),
      await outcomes(ctx, position, currency, options.rows));
  },
};

// ---- ROI ------------------------------------------------------------------------------------------------------

function sumOf(initiatives, pick) {
  return Math.round(initiatives.reduce((total, i) => total + pick(i.roi), 0) * 100) / 100;
}

function totals(page) {
  const { roi } = page;
  const all = roi.initiatives;
  const cost = sumOf(all, (r) => r.cost);
  const gain = sumOf(all, (r) => r.monetaryGain);
  const value = sumOf(all, (r) => r.totalValue);
  const total = cost === 0 ? null : (gain + value - cost) / cost;
  const card = (label, text, id, raw, onDrill, hint) => h('div', { class: 'kpi card' },
    h('span', { class: 'kpi-label' }, label),
    h('span', { class: 'kpi-value' }, figure(text, { id, value: raw, onDrill })),
    hint ? h('span', { class: 'kpi-hint' }, hint) : null);
  const scope = 'all initiatives';
  return h('section', { class: 'kpis', 'aria-label': 'All initiatives' },
    card('Cost, all initiatives', f.money(cost, roi.currency), 'total:cost', cost, () => drillMeasure(page, all, 'cost', cost, scope)),
    card('Monetary gain', f.money(gain, roi.currency), 'total:gain', gain, () => drillMeasure(page, all, 'gain', gain, scope), 'revenue + saving'),
    card('Money-equivalent value', f.money(value, roi.currency), 'total:value', value, () => drillMeasure(page, all, 'value', value, scope), 'information, logistics, emotion'),
    card('Total ROI', f.percent(total), 'total:roi', total, () => drillRatio(page, all, 'total', total, scope), '(gain + value − cost) / cost'));
}

function roiTable(page) {
  const { roi } = page;
  const c = roi.currency;
  const drill = (i, measure) => () => drillMeasure(page, [i], measure, i.roi[MEASURES[measure].field], i.name);
  return h('section', { class: 'card', id: 'roi' },
    h('h2', {}, 'ROI per initiative'),
    roi.initiatives.length === 0 ? h('p', { class: 'muted' }, 'No initiative had been launched at this position.') : h('div', { class: 'table-scroll' },
      h('table', { class: 'roi-table' },
        h('thead', {}, h('tr', {},
          h('th', {}, 'Initiative'), h('th', { class: 'num' }, 'Cost'), h('th', { class: 'num' }, 'Monetary gain'),
          h('th', { class: 'num' }, 'Value'), h('th', { class: 'num' }, 'Monetary ROI'), h('th', { class: 'num' }, 'Total ROI'),
          h('th', {}, 'Payback'))),
        h('tbody', {}, roi.initiatives.map((i) => h('tr', { dataset: { initiative: i.initiativeId } },
          h('th', { scope: 'row' }, i.name),
          h('td', { class: 'num' }, figure(f.money(i.roi.cost, c), { id: `roi:${i.initiativeId}:cost`, value: i.roi.cost, onDrill: drill(i, 'cost') })),
          h('td', { class: 'num' }, figure(f.money(i.roi.monetaryGain, c), { id: `roi:${i.initiativeId}:monetaryGain`, value: i.roi.monetaryGain, onDrill: drill(i, 'gain') })),
          h('td', { class: 'num' }, figure(f.money(i.roi.totalValue, c), { id: `roi:${i.initiativeId}:totalValue`, value: i.roi.totalValue, onDrill: drill(i, 'value') })),
          h('td', { class: 'num' }, figure(f.percent(i.roi.monetaryRoi), { id: `roi:${i.initiativeId}:monetaryRoi`, value: i.roi.monetaryRoi, onDrill: () => drillRatio(page, [i], 'monetary', i.roi.monetaryRoi, i.name) })),
          h('td', { class: 'num' }, figure(f.percent(i.roi.totalRoi), { id: `roi:${i.initiativeId}:totalRoi`, value: i.roi.totalRoi, onDrill: () => drillRatio(page, [i], 'total', i.roi.totalRoi, i.name) })),
          h('td', {}, figure(i.roi.paybackDate ? f.date(i.roi.paybackDate) : 'not yet', { id: `roi:${i.initiativeId}:paybackDate`, value: i.roi.paybackDate ?? '', onDrill: () => drillPayback(page, i) })))))),
      h('p', { class: 'muted' }, 'Select a figure to see the transactions behind it (for a ratio or a payback date: the gain, value and cost events it is computed from). Value is the money-equivalent of informational, logistical and emotional transactions under the valuation model.')));
}

function costAgainstValue(page) {
  const { roi } = page;
  const c = roi.currency;
  const series = [
    { label: 'Cost', cls: 's-cost', values: roi.initiatives.map((i) => i.roi.cost) },
    { label: 'Monetary gain', cls: 's-gain', values: roi.initiatives.map((i) => i.roi.monetaryGain) },
    { label: 'Value', cls: 's-value', values: roi.initiatives.map((i) => i.roi.totalValue) },
  ];
  return h('section', { class: 'card', id: 'cost-value' },
    h('h2', {}, 'Cost against value'),
    legend(series),
    barChart({ categories: roi.initiatives.map((i) => i.name), series, format: (v) => f.compactMoney(v, c), valueFormat: (v) => f.money(v, c), title: 'Cost, monetary gain and value per initiative', width: 560, height: 300,
      onSelect: (i, j) => { const initiative = roi.initiatives[i]; const measure = ['cost', 'gain', 'value'][j]; drillMeasure(page, [initiative], measure, initiative.roi[MEASURES[measure].field], initiative.name); },
    }));
}

function curves(page) {
  const { roi } = page;
  const c = roi.currency;
  const chart = h('div', { class: 'chart-box' });
  const select = h('select', { id: 'curve-initiative', 'aria-label': 'Initiative' },
    roi.initiatives.map((i) => h('option', { value: i.initiativeId }, i.name)));
  const draw = () => {
    const initiative = roi.initiatives.find((i) => i.initiativeId === select.value);
    if (!initiative) { mount(chart, h('p', { class: 'muted' }, 'No initiative at this position.')); return; }
    const points = initiative.roi.curve;
    const series = [
      { label: 'Cumulative cost', cls: 's-cost', points: points.map((p) => [p.on, p.cumulativeCost]) },
      { label: 'Cumulative gain', cls: 's-gain', points: points.map((p) => [p.on, p.cumulativeGain]) },
      { label: 'Cumulative gain + value', cls: 's-total', points: points.map((p) => [p.on, Math.round((p.cumulativeGain + p.cumulativeValue) * 100) / 100]) },
    ];
    const markers = initiative.roi.paybackDate ? [{ date: initiative.roi.paybackDate, label: `payback ${f.date(initiative.roi.paybackDate)}`, cls: 'payback' }] : [];
    mount(chart, legend(series), stepChart({
      series, markers, format: (v) => f.compactMoney(v, c), dateFormat: (d) => f.date(d), title: `Cumulative cost and value of ${initiative.name}`, width: 560, height: 300,
      onSelect: (_, j) => drillCurvePoint(page, initiative, points[j]),
    }), h('p', { class: 'muted' }, 'Select a point for the events up to that day.'), h('p', { class: 'muted' }, initiative.roi.paybackDate
      ? `Paid back on ${f.date(initiative.roi.paybackDate)} (monetary gain alone: ${initiative.roi.monetaryPaybackDate ? f.date(initiative.roi.monetaryPaybackDate) : 'not yet'}).`
      : 'Not paid back at this position.'));
  };
  select.addEventListener('change', draw);
  draw();
  return h('section', { class: 'card', id: 'curves' }, h('div', { class: 'card-head' }, h('h2', {}, 'Payback: cumulative curves'), select), chart);
}

const MEASURES = {
  gain: { label: 'Monetary gain', field: 'monetaryGain', pick: (e) => e.kind === 'monetary' && e.effect === 'gain' },
  cost: { label: 'Cost', field: 'cost', pick: (e) => e.kind === 'monetary' && e.effect === 'cost' },
  value: { label: 'Value', field: 'totalValue', pick: (e) => VALUE_KINDS.includes(e.kind) },
};

/**
 * The events of the initiatives at a position, loaded once per page on the first drill-down: each outcome figure by
 * initiative and quarter, drilled down. Map initiativeId → events (each tagged with its kind), in log order.
 */
function initiativeEvents(ctx, position, initiatives) {
  let loading = null;
  return () => {
    loading ??= (async () => {
      const ids = new Set(initiatives.map((i) => i.initiativeId));
      const by = await ctx.api.get('/api/reports/outcomes', { asOf: position, period: 'quarter', by: 'initiative' });
      const rows = by.rows.filter((r) => ids.has(r.initiativeId));
      const drills = await Promise.all(rows.map((r) => ctx.api.get('/api/reports/outcomes/drilldown',
        { asOf: position, period: 'quarter', by: 'initiative', periodKey: r.period, kind: r.kind, initiative: r.initiativeId })
        .then((d) => d.events.map((e) => ({ ...e, kind: r.kind, initiativeId: r.initiativeId })))));
      const events = new Map([...ids].map((id) => [id, []]));
      for (const list of drills) for (const e of list) events.get(e.initiativeId).push(e);
      for (const list of events.values()) list.sort((a, b) => a.position - b.position);
      return events;
    })();
    // A failed load (a refusal, the network) is not kept: the next drill-down asks again.
    loading.catch(() => { loading = null; });
    return loading;
  };
}

async function eventsOf(page, initiatives, pick) {
  const events = await page.events();
  return initiatives.flatMap((i) => (events.get(i.initiativeId) ?? []).filter(pick)).sort((a, b) => a.position - b.position);
}

const recordedCost = (initiatives) => sumOf(initiatives, (r) => r.recordedCost);

/**
 * A figure over several initiatives adds their figures, each summed from its events at full precision and rounded
 * once by the API: the drill-down rounds per initiative the same way, and says so.
 */
function perInitiative(initiatives) {
  if (initiatives.length < 2) return {};
  return {
    groupKey: (e) => e.initiativeId,
    recordedBy: new Map(initiatives.map((i) => [i.initiativeId, i.roi.recordedCost])),
    note: 'The figure adds the initiatives’ own figures; each is its events’ sum rounded to the minor unit, as the API rounds it, so the events are added per initiative before the initiatives are.',
  };
}

/** The events behind a gain, value or cost (of one initiative or all of them): their values add up to the figure. */
function drillMeasure(page, initiatives, measure, expected, scope) {
  const { roi } = page;
  const m = MEASURES[measure];
  return openDrill(page.ctx, `${m.label} of ${scope}`, async () => {
    const items = await eventsOf(page, initiatives, m.pick);
    const grouping = perInitiative(initiatives);
    if (measure === 'cost') {
      const recorded = recordedCost(initiatives);
      const interaction = sumOf(initiatives, (r) => r.interactionCost);
      return drillResult({
        items, expected, currency: roi.currency, position: roi.asOfPosition, signFor: (e) => -e.value,
        extra: { label: 'Recorded initiative costs', amount: recorded }, groupKey: grouping.groupKey, extras: grouping.recordedBy,
        note: `The cost is the recorded initiative costs (${f.money(recorded, roi.currency)}, entered by finance, not transactions) plus the monetary cost transactions listed here (${f.money(interaction, roi.currency)}).${grouping.note ? ` ${grouping.note}` : ''}`,
      });
    }
    return drillResult({ items, expected, currency: roi.currency, position: roi.asOfPosition, groupKey: grouping.groupKey, note: grouping.note });
  });
}

async function ratioContent(page, initiatives, which, reported, note) {
  const { roi } = page;
  const benefitKinds = which === 'total' ? [MEASURES.gain, MEASURES.value] : [MEASURES.gain];
  const benefit = await eventsOf(page, initiatives, (e) => benefitKinds.some((m) => m.pick(e)));
  const cost = await eventsOf(page, initiatives, MEASURES.cost.pick);
  const gain = sumOf(initiatives, (r) => r.monetaryGain);
  const value = which === 'total' ? sumOf(initiatives, (r) => r.totalValue) : 0;
  return ratioResult({
    benefit: { items: benefit, expected: Math.round((gain + value) * 100) / 100 },
    cost: { items: cost, expected: sumOf(initiatives, (r) => r.cost), recorded: recordedCost(initiatives) },
    reported, currency: roi.currency, position: roi.asOfPosition,
    benefitLabel: which === 'total' ? 'Gain + value' : 'Monetary gain',
    note: [note, perInitiative(initiatives).note].filter(Boolean).join(' '),
    groupKey: perInitiative(initiatives).groupKey, recordedBy: perInitiative(initiatives).recordedBy,
    // Gain and value are two figures of the API, each rounded once: the benefit adds them per initiative.
    benefitGroupKey: (e) => `${e.initiativeId}:${MEASURES.gain.pick(e) ? 'gain' : 'value'}`,
  });
}

/** A ROI ratio: the benefit events and the cost events it is computed from, and the ratio recomputed from them. */
function drillRatio(page, initiatives, which, reported, scope) {
  const formula = which === 'total' ? '(gain + value − cost) / cost' : '(gain − cost) / cost';
  return openDrill(page.ctx, `${which === 'total' ? 'Total' : 'Monetary'} ROI of ${scope}`, () =>
    ratioContent(page, initiatives, which, reported, `ROI = ${formula}. It is not a sum of events: it is computed from the sums of the two lists below.`));
}

/** A payback date: the value and cost events, and the day on the cumulative curve where one caught up with the other. */
function drillPayback(page, initiative) {
  const { roi } = page;
  const r = initiative.roi;
  const c = roi.currency;
  return openDrill(page.ctx, `Payback of ${initiative.name}`, async () => {
    const curve = r.curve ?? [];
    const at = r.paybackDate ? curve.findIndex((p) => p.on === r.paybackDate) : -1;
    const point = at >= 0 ? curve[at] : null;
    const before = at > 0 ? curve[at - 1] : null;
    const line = (p) => `${f.date(p.on)}: cumulative cost ${f.money(p.cumulativeCost, c)}, gain + value ${f.money(Math.round((p.cumulativeGain + p.cumulativeValue) * 100) / 100, c)}`;
    const paragraphs = [
      'The payback date is the first day on which the initiative’s cumulative gain + value reached its cumulative cost. It is derived, not summed: the events it comes from are listed below, but the drill-down gives each event’s ledger position, not its date, so the day itself is read from the initiative’s cumulative curve.',
      point ? `${before ? `${line(before)} (not yet paid back); ` : ''}${line(point)}.`
        : `Not paid back at this position: gain + value (${f.money(Math.round((r.monetaryGain + r.totalValue) * 100) / 100, c)}) is below the cost (${f.money(r.cost, c)}).`,
    ];
    return h('div', { class: 'stack' },
      explanation(paragraphs, [['Payback date', r.paybackDate ? f.date(r.paybackDate) : 'not yet'],
        ['Monetary gain alone', r.monetaryPaybackDate ? f.date(r.monetaryPaybackDate) : 'not yet']]),
      await ratioContent(page, [initiative], 'total', r.totalRoi));
  });
}

/**
 * A point of an initiative's cumulative curve: its transactions up to that day and its recorded costs incurred by
 * then, as the API lists them. Each cumulative figure is its events' sum rounded once, as the API rounds it.
 */
function drillCurvePoint(page, initiative, point) {
  const { roi } = page;
  const c = roi.currency;
  return openDrill(page.ctx, `${initiative.name} up to ${f.date(point.on)}`, async () => {
    const result = await page.ctx.api.get('/api/reports/outcomes/drilldown', { asOf: roi.asOfPosition, initiative: initiative.initiativeId, through: point.on });
    const pick = (measure) => result.events.filter(MEASURES[measure].pick);
    const recorded = result.recordedCosts.reduce((sum, x) => sum + x.value, 0);
    const part = (measure, label, content) => h('section', { class: 'curve-part', dataset: { measure } }, h('h3', {}, label), content);
    return h('div', { class: 'stack' },
      h('p', { class: 'muted' }, `The curve’s point on ${f.date(point.on)}: every figure adds the initiative’s events that occurred on or before that day (UTC).`),
      part('gain', 'Cumulative gain', drillResult({ items: pick('gain'), expected: point.cumulativeGain, currency: c, position: result.asOfPosition })),
      part('value', 'Cumulative value', drillResult({ items: pick('value'), expected: point.cumulativeValue, currency: c, position: result.asOfPosition })),
      part('cost', 'Cumulative cost', [
        drillResult({
          items: pick('cost'), expected: point.cumulativeCost, currency: c, position: result.asOfPosition, signFor: (e) => -e.value,
          extra: { label: 'Recorded initiative costs', amount: recorded },
          note: 'The recorded initiative costs (entered by finance, listed below) plus the monetary cost transactions.',
        }),
        h('h4', {}, 'Recorded initiative costs'),
        recordedCostTable(result.recordedCosts, c)]));
  });
}

// ---- outcome metrics ------------------------------------------------------------------------------------------

async function outcomes(ctx, position, currency, optionRows) {
  const channels = [...new Set(optionRows.map((r) => r.channel).filter(Boolean))].sort();
  const departments = [...new Set(optionRows.map((r) => r.department).filter(Boolean))].sort();
  const select = (id, label, values, first, value) => h('label', { class: 'field' }, label,
    h('select', { id, 'data-filter': id }, first ? h('option', { value: '' }, first) : null,
      values.map((v) => h('option', { value: v, selected: v === value }, f.capitalised(f.words(v))))));
  const filters = h('form', { class: 'filters', id: 'outcome-filters' },
    select('filter-period', 'Period', ['day', 'week', 'month', 'quarter'], null, 'month'),
    select('filter-channel', 'Channel', channels, 'All channels'),
    select('filter-department', 'Department', departments, 'All departments'),
    h('label', { class: 'field' }, 'From', h('select', { id: 'filter-from' })),
    h('label', { class: 'field' }, 'To', h('select', { id: 'filter-to' })),
    h('label', { class: 'field' }, 'Chart',
      h('select', { id: 'filter-measure' }, h('option', { value: 'count' }, 'Number of transactions'), h('option', { value: 'value' }, 'Value'))));
  const body = h('div', { class: 'outcome-body' });
  const section = h('section', { class: 'card', id: 'outcomes', dataset: { state: 'loading' } },
    h('h2', {}, 'Transaction mix and outcome metrics'), filters, body);
  const value = (id) => filters.querySelector(`#${id}`).value;
  let rows = [];
  let lastGranularity = null;

  async function load() {
    section.dataset.state = 'loading';
    const granularity = value('filter-period');
    const channel = value('filter-channel');
    const department = value('filter-department');
    const by = [channel ? 'channel' : null, department ? 'department' : null].filter(Boolean).join(',');
    try {
      const report = await ctx.api.get('/api/reports/outcomes', { asOf: position, period: granularity, by });
      // Grouped only by the filtered dimensions, each (period, kind) is exactly one figure of the API.
      rows = report.rows.filter((r) => (!channel || r.channel === channel) && (!department || r.department === department));
      if (granularity !== lastGranularity) fillPeriods(rows);
      lastGranularity = granularity;
      draw({ granularity, by, channel, department });
      section.dataset.state = 'ready';
    } catch (error) {
      mount(body, problemView(error));
      section.dataset.state = 'error';
    }
  }

  function fillPeriods(list) {
    const periods = [...new Set(list.map((r) => r.period))].sort();
    for (const [id, pick] of [['filter-from', periods[0]], ['filter-to', periods[periods.length - 1]]]) {
      mount(filters.querySelector(`#${id}`), periods.map((p) => h('option', { value: p, selected: p === pick }, p)));
    }
  }

  function draw(query) {
    const from = value('filter-from');
    const to = value('filter-to');
    const shown = rows.filter((r) => (!from || r.period >= from) && (!to || r.period <= to));
    const periods = [...new Set(shown.map((r) => r.period))].sort();
    const cell = new Map(shown.map((r) => [`${r.period}|${r.kind}`, r]));
    const measure = value('filter-measure');
    const series = KINDS.map((kind) => ({
      label: f.capitalised(kind), cls: `k-${kind}`, values: periods.map((p) => cell.get(`${p}|${kind}`)?.[measure] ?? 0),
    }));
    const drill = (row) => () => drillOutcome(ctx, position, query, row);
    mount(body,
      h('h3', {}, 'Transaction mix by kind over time'),
      legend(series),
      periods.length === 0 ? h('p', { class: 'muted' }, 'No transactions match these filters at this position.') : barChart({
        // A viewBox about as wide as the screen keeps the labels legible on a phone and on a projector.
        categories: periods, series, stacked: true, width: Math.round(Math.min(1200, Math.max(560, window.innerWidth - 80))), height: 320,
        format: measure === 'value' ? (v) => f.compactMoney(v, currency) : (v) => f.compactNumber(v),
        valueFormat: measure === 'value' ? (v) => f.money(v, currency) : (v) => f.integer(v),
        title: `Transactions by kind per ${query.granularity}`,
        onSelect: (i, j) => { const row = cell.get(`${periods[i]}|${KINDS[j]}`); if (row) drill(row)(); },
      }),
      h('h3', {}, 'Outcome metrics'),
      h('div', { class: 'table-scroll' }, h('table', { class: 'outcome-table' },
        h('thead', {},
          h('tr', {}, h('th', { rowspan: 2 }, 'Period'), KINDS.map((k) => h('th', { colspan: 2, class: `num k-head k-${k}` }, f.capitalised(k)))),
          h('tr', {}, KINDS.map(() => [h('th', { class: 'num' }, 'Count'), h('th', { class: 'num' }, 'Value')]))),
        h('tbody', {}, periods.map((p) => h('tr', { dataset: { period: p } }, h('th', { scope: 'row' }, p), KINDS.map((k) => {
          const row = cell.get(`${p}|${k}`);
          if (!row) return [h('td', { class: 'num muted' }, '—'), h('td', { class: 'num muted' }, '—')];
          const id = `outcome:${p}:${k}`;
          return [
            h('td', { class: 'num' }, figure(f.integer(row.count), { id: `${id}:count`, value: row.count, onDrill: drill(row) })),
            h('td', { class: 'num' }, figure(f.money(row.value, currency), { id: `${id}:value`, value: row.value, onDrill: drill(row) })),
          ];
        })))))));
  }

  filters.addEventListener('change', (event) => {
    if (['filter-from', 'filter-to', 'filter-measure'].includes(event.target.id)) draw(currentQuery());
    else load();
  });
  const currentQuery = () => ({
    granularity: value('filter-period'), channel: value('filter-channel'), department: value('filter-department'),
    by: [value('filter-channel') ? 'channel' : null, value('filter-department') ? 'department' : null].filter(Boolean).join(','),
  });
  await load();
  return section;
}

function drillOutcome(ctx, position, query, row) {
  const where = [row.channel && f.words(row.channel), row.department].filter(Boolean).join(', ');
  return openDrill(ctx, `${f.capitalised(row.kind)} transactions in ${row.period}${where ? ` (${where})` : ''}`, async () => {
    const result = await ctx.api.get('/api/reports/outcomes/drilldown', {
      asOf: position, period: query.granularity, by: query.by, periodKey: row.period, kind: row.kind,
      channel: row.channel, department: row.department,
    });
    return drillResult({ items: result.events, expected: row.value, expectedCount: row.count, currency: row.currency, position: result.asOfPosition });
  });
}
