// ROI overview: ROI per initiative, cost against value, payback and cumulative curves; the transaction mix by kind
// over time; outcome metrics filtered by channel, department and period. Every figure drills down to its events.
import { h, mount } from '../dom.js';
import * as f from '../format.js';
import { barChart, legend, stepChart } from '../charts.js';
import { problemView } from '../problem.js';
import { drillResult, figure, openDrill } from './drill.js';

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
    return h('div', { class: 'stack' },
      h('header', { class: 'view-head' },
        h('h1', {}, 'ROI overview'),
        h('p', { class: 'muted' }, `As of position ${f.integer(position)} · figures in ${currency} · valuation model v${roi.valuationModelVersion}`)),
      totals(roi),
      roiTable(ctx, roi),
      h('div', { class: 'grid-2' }, costAgainstValue(roi), curves(roi)),
      await outcomes(ctx, position, currency, options.rows));
  },
};

// ---- ROI ------------------------------------------------------------------------------------------------------

function sumOf(initiatives, pick) {
  return Math.round(initiatives.reduce((total, i) => total + pick(i.roi), 0) * 100) / 100;
}

function totals(roi) {
  const cost = sumOf(roi.initiatives, (r) => r.cost);
  const gain = sumOf(roi.initiatives, (r) => r.monetaryGain);
  const value = sumOf(roi.initiatives, (r) => r.totalValue);
  const total = cost === 0 ? null : (gain + value - cost) / cost;
  const card = (label, text, id, raw, hint) => h('div', { class: 'kpi card' },
    h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value', dataset: { figure: id, value: raw ?? '' } }, text),
    hint ? h('span', { class: 'kpi-hint' }, hint) : null);
  return h('section', { class: 'kpis', 'aria-label': 'All initiatives' },
    card('Cost, all initiatives', f.money(cost, roi.currency), 'total:cost', cost),
    card('Monetary gain', f.money(gain, roi.currency), 'total:gain', gain, 'revenue + saving'),
    card('Money-equivalent value', f.money(value, roi.currency), 'total:value', value, 'information, logistics, emotion'),
    card('Total ROI', f.percent(total), 'total:roi', total, '(gain + value − cost) / cost'));
}

function roiTable(ctx, roi) {
  const c = roi.currency;
  const drill = (initiative, measure) => () => drillRoi(ctx, roi, initiative, measure);
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
          h('td', { class: 'num' }, figure(f.percent(i.roi.monetaryRoi), { id: `roi:${i.initiativeId}:monetaryRoi`, value: i.roi.monetaryRoi })),
          h('td', { class: 'num' }, figure(f.percent(i.roi.totalRoi), { id: `roi:${i.initiativeId}:totalRoi`, value: i.roi.totalRoi })),
          h('td', {}, figure(i.roi.paybackDate ? f.date(i.roi.paybackDate) : 'not yet', { id: `roi:${i.initiativeId}:paybackDate`, value: i.roi.paybackDate ?? '' })))))),
      h('p', { class: 'muted' }, 'Select an amount to see the transactions behind it. Value is the money-equivalent of informational, logistical and emotional transactions under the valuation model.')));
}

function costAgainstValue(roi) {
  const c = roi.currency;
  const series = [
    { label: 'Cost', cls: 's-cost', values: roi.initiatives.map((i) => i.roi.cost) },
    { label: 'Monetary gain', cls: 's-gain', values: roi.initiatives.map((i) => i.roi.monetaryGain) },
    { label: 'Value', cls: 's-value', values: roi.initiatives.map((i) => i.roi.totalValue) },
  ];
  return h('section', { class: 'card', id: 'cost-value' },
    h('h2', {}, 'Cost against value'),
    legend(series),
    barChart({ categories: roi.initiatives.map((i) => i.name), series, format: (v) => f.compactMoney(v, c), valueFormat: (v) => f.money(v, c), title: 'Cost, monetary gain and value per initiative', width: 560, height: 300 }));
}

function curves(roi) {
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
    }), h('p', { class: 'muted' }, initiative.roi.paybackDate
      ? `Paid back on ${f.date(initiative.roi.paybackDate)} (monetary gain alone: ${initiative.roi.monetaryPaybackDate ? f.date(initiative.roi.monetaryPaybackDate) : 'not yet'}).`
      : 'Not paid back at this position.'));
  };
  select.addEventListener('change', draw);
  draw();
  return h('section', { class: 'card', id: 'curves' }, h('div', { class: 'card-head' }, h('h2', {}, 'Payback: cumulative curves'), select), chart);
}

/** The events behind an initiative's gain, value or cost: its outcome figures by quarter, each drilled down. */
function drillRoi(ctx, roi, initiative, measure) {
  const labels = { gain: 'Monetary gain', value: 'Value', cost: 'Cost' };
  return openDrill(ctx, `${labels[measure]} of ${initiative.name}`, async () => {
    const position = roi.asOfPosition;
    const by = await ctx.api.get('/api/reports/outcomes', { asOf: position, period: 'quarter', by: 'initiative' });
    const kinds = measure === 'value' ? VALUE_KINDS : ['monetary'];
    const rows = by.rows.filter((r) => r.initiativeId === initiative.initiativeId && kinds.includes(r.kind));
    const drills = await Promise.all(rows.map((r) => ctx.api.get('/api/reports/outcomes/drilldown',
      { asOf: position, period: 'quarter', by: 'initiative', periodKey: r.period, kind: r.kind, initiative: initiative.initiativeId })));
    let items = drills.flatMap((d) => d.events);
    if (measure === 'gain') items = items.filter((e) => e.effect === 'gain');
    if (measure === 'cost') items = items.filter((e) => e.effect === 'cost');
    items.sort((a, b) => a.position - b.position);
    const r = initiative.roi;
    if (measure === 'cost') {
      return drillResult({
        items, expected: r.cost, currency: roi.currency, position, signFor: (e) => -e.value,
        extra: { label: 'Recorded initiative costs', amount: r.recordedCost },
        note: `The cost is the initiative’s recorded costs (${f.money(r.recordedCost, roi.currency)}, entered by finance, not transactions) plus the monetary cost transactions listed here (${f.money(r.interactionCost, roi.currency)}).`,
      });
    }
    return drillResult({ items, expected: measure === 'gain' ? r.monetaryGain : r.totalValue, currency: roi.currency, position });
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
