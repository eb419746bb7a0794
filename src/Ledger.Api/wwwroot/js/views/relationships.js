// The relationship map: who transacts with whom, edges weighted by transactions, cross-department links highlighted,
// and each external counterpart's relationship level with its history.
import { h, mount, s, shortId } from '../dom.js';
import * as f from '../format.js';
import { forceLayout, stepChart } from '../charts.js';
import { explanation, figure, openDrill, openNote, weightResult } from './drill.js';

const LEVELS = ['unknown', 'aware', 'engaged', 'trusting', 'advocate'];
const REASONS = {
  firstInteraction: 'first interaction',
  repeatedInteractions: 'repeated interactions across conversations',
  twoWayInformation: 'information exchanged both ways',
  revenue: 'brought revenue',
  positiveEmotion: 'trust, gratitude or praise with a positive net score',
  referral: 'referred someone to us',
  praiseWithRevenue: 'strong praise and repeated revenue',
  negativeEmotionWindow: 'negative signals over the last 30 days (one level down)',
  negativeWindowCleared: 'negative signals cleared (level restored)',
};
const WIDTH = 960;
const HEIGHT = 640;

export function participantLabel(node) {
  if (!node) return 'unknown participant';
  return node.type === 'external'
    ? `${node.organisationId ?? 'external'}${node.externalRole ? ` · ${f.words(node.externalRole)}` : ''}`
    : `${node.department ?? 'internal'}${node.country ? ` · ${node.country}` : ''}`;
}

export default {
  title: 'Relationships',
  allowed: (caps) => caps.reports.allowed,
  refusal: (caps) => caps.reports.problem,
  async render(ctx) {
    const report = await ctx.api.get('/api/reports/relationships', { asOf: ctx.asOf });
    ctx.position(report.asOfPosition);
    // Drill-downs are asked as of the report's position, so that live figures and their events belong together.
    return view({ ...ctx, reportPosition: report.asOfPosition }, report);
  },
};

/**
 * The map's own totals are counts of links or of every transaction in the log: rather than list the whole log, they
 * say what they are made of and where the events are listed (a participant's or a link's figure).
 */
const WHERE_LISTED = 'Select a participant on the map or in the table: its transactions, and those of each of its links, open from their figures.';

function explain(ctx, title, facts, what) {
  return () => openNote(ctx, title, explanation([what, WHERE_LISTED], facts));
}

/**
 * The transactions behind a relationship figure, pinned to the report's position: a participant's links (with a
 * counterpart: the one link between them). Their weights add up to the figure; byKind is checked kind by kind.
 */
function drillLinks(ctx, title, { participant, counterpart, expected, byKind, note }) {
  return openDrill(ctx, title, async () => {
    const result = await ctx.api.get('/api/reports/outcomes/drilldown', { asOf: ctx.reportPosition, participant, counterpart });
    return weightResult({ items: result.events, expected, byKind, position: result.asOfPosition, note });
  });
}

function view(ctx, report) {
  const { map } = report;
  const nodes = [...map.nodes].sort((a, b) => a.type.localeCompare(b.type) || String(a.department ?? a.organisationId).localeCompare(String(b.department ?? b.organisationId)));
  const index = new Map(nodes.map((n, i) => [n.participantId, i]));
  const edges = map.edges.filter((e) => index.has(e.a) && index.has(e.b));
  const departments = [...new Set(nodes.filter((n) => n.type !== 'external').map((n) => n.department ?? 'none'))].sort();
  const histories = new Map(map.counterparts.map((c) => [c.counterpartId, c]));
  const strength = new Map();
  for (const e of edges) for (const id of [e.a, e.b]) strength.set(id, (strength.get(id) ?? 0) + e.weight);
  const positions = forceLayout(nodes.length, edges.map((e) => ({ source: index.get(e.a), target: index.get(e.b), weight: e.weight })), { width: WIDTH, height: HEIGHT });
  const maxWeight = Math.max(1, ...edges.map((e) => e.weight));
  const maxStrength = Math.max(1, ...strength.values());

  const details = h('aside', { class: 'card map-details', id: 'participant-details', 'aria-live': 'polite' },
    h('h2', {}, 'Participant'), h('p', { class: 'muted' }, 'Select a node or a counterpart to see its links, its relationship level and how it got there.'));

  // Cross-department links last, so that no other link hides them.
  const drawOrder = [...edges.filter((e) => !e.crossDepartment), ...edges.filter((e) => e.crossDepartment)];
  const edgeLayer = s('g', { class: 'edges' }, drawOrder.map((e) => {
    const [p, q] = [positions[index.get(e.a)], positions[index.get(e.b)]];
    const kind = e.crossDepartment ? 'cross' : e.internalExternal ? 'mixed' : 'internal';
    const kinds = Object.entries(e.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
    return s('line', {
      x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: `edge ${kind}`, 'stroke-width': (0.8 + 5 * Math.sqrt(e.weight / maxWeight)).toFixed(2),
      dataset: { a: e.a, b: e.b, weight: e.weight },
    }, s('title', {}, `${participantLabel(nodes[index.get(e.a)])} — ${participantLabel(nodes[index.get(e.b)])}: ${f.integer(e.weight)} transactions (${kinds})${e.crossDepartment ? ' · cross-department' : ''}`));
  }));
  const nodeLayer = s('g', { class: 'nodes' }, nodes.map((n, i) => {
    const p = positions[i];
    const cls = n.type === 'external'
      ? `node external level-${n.level ?? 'unknown'}`
      : `node internal dept-${departments.indexOf(n.department ?? 'none') % 8}`;
    const circle = s('circle', {
      cx: p.x, cy: p.y, r: (4 + 8 * Math.sqrt((strength.get(n.participantId) ?? 0) / maxStrength)).toFixed(2), class: cls,
      tabindex: 0, role: 'button', 'aria-label': participantLabel(n), dataset: { participant: n.participantId, level: n.level ?? '' },
    }, s('title', {}, `${participantLabel(n)} (${shortId(n.participantId)})${n.level ? ` · ${n.level}` : ''} · ${f.integer(strength.get(n.participantId) ?? 0)} transactions`));
    circle.addEventListener('click', () => select(n.participantId));
    circle.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(n.participantId); } });
    return circle;
  }));
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'network highlight-cross', role: 'group', 'aria-label': 'Relationship map' }, edgeLayer, nodeLayer);

  function select(id) {
    for (const el of nodeLayer.querySelectorAll('.selected')) el.classList.remove('selected');
    for (const el of edgeLayer.querySelectorAll('.edge')) el.classList.toggle('dim', el.dataset.a !== id && el.dataset.b !== id);
    nodeLayer.querySelector(`[data-participant="${id}"]`)?.classList.add('selected');
    svg.classList.add('focused');
    mount(details, participantDetails(ctx, nodes[index.get(id)], edges, nodes, index, histories.get(id)));
    details.dataset.participant = id;
  }

  const minWeight = h('input', { type: 'range', id: 'map-min-weight', min: 1, max: maxWeight, value: 1, step: 1 });
  const minWeightText = h('output', { for: 'map-min-weight' }, '1');
  minWeight.addEventListener('input', () => {
    const min = Number(minWeight.value);
    minWeightText.textContent = f.integer(min);
    for (const el of edgeLayer.children) el.classList.toggle('hidden', Number(el.dataset.weight) < min);
  });
  const highlight = h('input', { type: 'checkbox', id: 'map-highlight', checked: true });
  highlight.addEventListener('change', () => svg.classList.toggle('highlight-cross', highlight.checked));
  const reset = h('button', { type: 'button', class: 'secondary', onclick: () => {
    svg.classList.remove('focused');
    for (const el of svg.querySelectorAll('.dim, .selected')) el.classList.remove('dim', 'selected');
  } }, 'Clear selection');

  const crossLinks = edges.filter((e) => e.crossDepartment).length;
  const internalCount = nodes.filter((n) => n.type !== 'external').length;
  const totalWeight = edges.reduce((t, e) => t + e.weight, 0);
  const kpi = (label, text, id, value, what) => h('div', { class: 'kpi card' }, h('span', { class: 'kpi-label' }, label),
    h('span', { class: 'kpi-value' }, figure(text, {
      id, value, title: what ? 'What this figure is made of' : undefined,
      onDrill: what ? explain(ctx, label, [['Figure', text], ['As of', `position ${f.integer(report.asOfPosition)}`]], what) : undefined,
    })));

  return h('div', { class: 'stack' },
    h('header', { class: 'view-head' }, h('h1', {}, 'Relationship map'),
      h('p', { class: 'muted' }, `As of position ${f.integer(report.asOfPosition)} · people are shown by department or organisation: names are personal data and stay out of reports`)),
    h('section', { class: 'kpis' },
      kpi('Internal participants', f.integer(internalCount), 'map:internal', internalCount),
      kpi('External participants', f.integer(nodes.length - internalCount), 'map:external', nodes.length - internalCount),
      kpi('Links', f.integer(edges.length), 'map:links', edges.length, 'Each link is a pair of participants with at least one transaction between them.'),
      kpi('Transactions on links', f.integer(totalWeight), 'map:weight', totalWeight, 'The sum of the links’ weights: each link counts the transactions between its two participants, so a message to three people counts on three links.'),
      kpi('Cross-department links', f.integer(crossLinks), 'map:cross', crossLinks, 'Links between people of two different departments.'),
      kpi('Cross-department connectivity', f.percent(map.crossDepartmentConnectivity), 'map:connectivity', map.crossDepartmentConnectivity,
        'The share of pairs of departments that are linked by at least one transaction. It is derived from the links, not summed from events.')),
    h('div', { class: 'map-layout' },
      h('section', { class: 'card map-card' },
        h('div', { class: 'card-head' }, h('h2', {}, 'Network'),
          h('div', { class: 'inline-controls' },
            h('label', { class: 'field inline' }, 'Min. transactions per link ', minWeight, minWeightText),
            h('label', { class: 'field inline' }, highlight, ' Highlight cross-department links'),
            reset)),
        svg,
        mapLegend(departments)),
      details),
    counterpartTable(nodes, histories, select));
}

function mapLegend(departments) {
  return h('ul', { class: 'legend' },
    departments.map((d, i) => h('li', {}, h('span', { class: `swatch round dept-${i % 8}` }), d)),
    LEVELS.slice(1).map((l) => h('li', {}, h('span', { class: `swatch round ring level-${l}` }), `external: ${l}`)),
    h('li', {}, h('span', { class: 'swatch line cross' }), 'cross-department link'),
    h('li', {}, h('span', { class: 'swatch line mixed' }), 'internal–external link'));
}

function participantDetails(ctx, node, edges, nodes, index, history) {
  const links = edges.filter((e) => e.a === node.participantId || e.b === node.participantId)
    .map((e) => ({ other: nodes[index.get(e.a === node.participantId ? e.b : e.a)], edge: e }))
    .sort((x, y) => y.edge.weight - x.edge.weight);
  const strength = links.reduce((sum, l) => sum + l.edge.weight, 0);
  const byKind = {};
  for (const { edge } of links) for (const [kind, n] of Object.entries(edge.byKind)) byKind[kind] = (byKind[kind] ?? 0) + n;
  return [
    h('h2', {}, participantLabel(node)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Id'), h('dd', { class: 'mono' }, node.participantId),
      h('dt', {}, 'Type'), h('dd', {}, node.type),
      node.type === 'external'
        ? [h('dt', {}, 'Organisation'), h('dd', {}, node.organisationId ?? '—'), h('dt', {}, 'Role'), h('dd', {}, f.words(node.externalRole) || '—'),
          h('dt', {}, 'Relationship level'), h('dd', {}, h('span', { class: `level-badge level-${node.level ?? 'unknown'}`, dataset: { level: node.level ?? '' } }, node.level ?? 'no interaction yet'))]
        : [h('dt', {}, 'Department'), h('dd', {}, node.department ?? '—'), h('dt', {}, 'Country'), h('dd', {}, node.country ?? '—')],
      h('dt', {}, 'Transactions on its links'),
      h('dd', {}, figure(f.integer(strength), {
        id: `participant:${node.participantId}:weight`, value: strength,
        onDrill: strength === 0 ? undefined : () => drillLinks(ctx, `Transactions of ${participantLabel(node)}`, {
          participant: node.participantId, expected: strength, byKind,
          note: 'Every transaction this participant sent or received, weighted by the number of its links it counts on (a message it sends to three people counts on three links).',
        }),
      }))),
    node.type === 'external' ? bridges(links) : null,
    history ? levelHistory(ctx, node, history) : null,
    h('h3', {}, `Links (${f.integer(links.length)})`),
    links.length === 0 ? h('p', { class: 'muted' }, 'No transactions yet.') : h('ul', { class: 'link-list' }, links.slice(0, 12).map(({ other, edge }) =>
      h('li', { class: edge.crossDepartment ? 'cross' : '' },
        h('span', {}, participantLabel(other)), ' ',
        figure(`${f.integer(edge.weight)} transactions`, {
          id: `edge:${edge.a}:${edge.b}`, value: edge.weight,
          onDrill: () => drillLinks(ctx, `${participantLabel(node)} — ${participantLabel(other)}`, {
            participant: node.participantId, counterpart: other?.participantId ?? (edge.a === node.participantId ? edge.b : edge.a),
            expected: edge.weight, byKind: edge.byKind, note: 'The transactions one of these two participants sent to the other.',
          }),
        }),
        h('span', { class: 'muted' }, `: ${Object.entries(edge.byKind).map(([k, n]) => `${f.integer(n)} ${k}`).join(', ')}`),
        edge.crossDepartment ? h('span', { class: 'tag' }, 'cross-department') : null))),
  ];
}

/** The departments an external counterpart deals with: two or more make it a bridge between them. */
function bridges(links) {
  const departments = [...new Set(links.filter((l) => l.other && l.other.type !== 'external').map((l) => l.other.department ?? 'none'))].sort();
  if (departments.length === 0) return null;
  return h('p', { class: 'bridges' }, departments.length > 1
    ? [h('strong', {}, `Links ${f.integer(departments.length)} departments: `), departments.join(', ')]
    : `Deals with ${departments[0]} only.`);
}

function levelHistory(ctx, node, history) {
  const points = history.changes.map((c) => [c.at.slice(0, 10), LEVELS.indexOf(c.to)]);
  return h('div', { class: 'history', dataset: { changes: history.changes.length } },
    h('h3', {}, 'Level history'),
    stepChart({ series: [{ label: 'Level', cls: 's-level', points }], format: (v) => LEVELS[v] ?? '', dateFormat: (d) => f.date(d), width: 520, height: 180, title: 'Relationship level over time' }),
    h('ol', { class: 'timeline' }, history.changes.map((c) => h('li', {},
      h('time', { datetime: c.at }, f.dateTime(c.at)), ' ',
      h('strong', {}, `${c.from} → ${c.to}`), ' ',
      h('span', { class: 'muted' }, `${REASONS[c.reason] ?? f.words(c.reason)} (interaction ${shortId(c.interactionId)})`), ' ',
      h('button', { type: 'button', class: 'link', dataset: { levelChange: c.interactionId }, onclick: () => drillLevelChange(ctx, node, c) }, 'events')))));
}

/**
 * A level is derived by the relationship rules, not summed: a change lists the counterpart's transactions up to the
 * day of the change (what the rules had seen by then), the one at which the rule fired highlighted.
 */
function drillLevelChange(ctx, node, change) {
  const day = change.at.slice(0, 10);
  return openDrill(ctx, `${participantLabel(node)}: ${change.from} → ${change.to}`, async () => {
    const result = await ctx.api.get('/api/reports/outcomes/drilldown', { asOf: ctx.reportPosition, participant: node.participantId, through: day });
    const content = weightResult({
      items: result.events, position: result.asOfPosition,
      note: `The level is derived by the relationship rules, not summed: these are the counterpart’s transactions up to ${f.date(day)}; the rule “${REASONS[change.reason] ?? f.words(change.reason)}” fired at interaction ${shortId(change.interactionId)}, highlighted.`,
    });
    content.querySelector(`tr[data-interaction="${change.interactionId}"]`)?.classList.add('highlight');
    return content;
  });
}

function counterpartTable(nodes, histories, select) {
  const externals = nodes.filter((n) => n.type === 'external' && histories.has(n.participantId))
    .sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level) || participantLabel(a).localeCompare(participantLabel(b)));
  return h('section', { class: 'card', id: 'counterparts' },
    h('h2', {}, 'Counterparts and their relationship level'),
    h('div', { class: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Counterpart'), h('th', {}, 'Level'), h('th', { class: 'num' }, 'Changes'), h('th', {}, 'Last change'), h('th', {}, 'Why'))),
      h('tbody', {}, externals.map((n) => {
        const history = histories.get(n.participantId);
        const last = history.changes[history.changes.length - 1];
        return h('tr', { dataset: { counterpart: n.participantId } },
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => select(n.participantId) }, participantLabel(n)), ' ', h('span', { class: 'mono muted' }, shortId(n.participantId))),
          h('td', {}, h('span', { class: `level-badge level-${history.level}` }, history.level)),
          h('td', { class: 'num' }, f.integer(history.changes.length)),
          h('td', {}, last ? f.dateTime(last.at) : '—'),
          h('td', {}, last ? REASONS[last.reason] ?? f.words(last.reason) : '—'));
      })))));
}
