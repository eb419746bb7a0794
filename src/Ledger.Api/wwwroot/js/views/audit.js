// Audit: verification of the hash chain and the current signed digest; the lineage of a decision as a graph, with
// the events behind each of its nodes.
import { h, mount, s, shortId } from '../dom.js';
import * as f from '../format.js';
import { layeredLayout } from '../charts.js';
import { problemView } from '../problem.js';

const KIND_ORDER = { decision: 0, snapshot: 1, pilotRun: 1, reportSnapshot: 1, interaction: 2, conversation: 3, participant: 4 };

export default {
  title: 'Audit',
  allowed: (caps) => caps.audit.allowed || caps.lineage.allowed,
  refusal: (caps) => caps.audit.problem,
  async render(ctx) {
    let position = ctx.asOf;
    const parts = [];
    if (ctx.caps.audit.allowed) {
      const head = await ctx.api.get('/api/ledger/head');
      position ??= head.position;
      const [verification, digest] = await Promise.all([
        position > 0 ? ctx.api.get('/api/ledger/verify', { to: Math.min(position, head.position) }) : null,
        ctx.api.get('/api/ledger/digest'),
      ]);
      parts.push(h('div', { class: 'grid-2' },
        verification ? verificationCard(verification, position, head)
          : h('section', { class: 'card', id: 'verification' }, h('h2', {}, 'Verification'), h('p', { class: 'muted' }, 'Nothing was recorded at position 0.')),
        digestCard(ctx, digest)));
    }
    position ??= ctx.head;
    ctx.position(position);
    parts.push(ctx.caps.lineage.allowed
      ? await lineageCard(ctx, position)
      : h('section', { class: 'card', id: 'lineage' }, h('h2', {}, 'Decision lineage'), problemView({ status: 403, problem: ctx.caps.lineage.problem })));
    return h('div', { class: 'stack' },
      h('header', { class: 'view-head' }, h('h1', {}, 'Audit'), h('p', { class: 'muted' }, `As of position ${f.integer(position)}`)),
      parts);
  },
};

function verificationCard(v, position, head) {
  return h('section', { class: 'card', id: 'verification', dataset: { intact: String(v.intact) } },
    h('h2', {}, 'Verification'),
    h('p', { class: `status-badge ${v.intact ? 'ok' : 'bad'}` }, v.intact ? '✓ The log is intact' : `✗ The log was altered at position ${f.integer(v.firstBadPosition)}`),
    v.problem ? h('p', { class: 'problem-detail' }, v.problem) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Verified'), h('dd', { dataset: { figure: 'verify:upTo', value: v.verifiedUpTo } }, `positions 1 to ${f.integer(v.verifiedUpTo)}`),
      h('dt', {}, 'Events checked'), h('dd', { dataset: { figure: 'verify:eventsChecked', value: v.eventsChecked } }, f.integer(v.eventsChecked)),
      h('dt', {}, `Chain hash at ${f.integer(v.verifiedUpTo)}`), h('dd', { class: 'mono hash', dataset: { figure: 'verify:hash', value: v.headHash } }, v.headHash),
      h('dt', {}, 'Head of the log'), h('dd', {}, `position ${f.integer(head.position)}${head.recordedAt ? `, recorded ${f.dateTime(head.recordedAt)}` : ''}`)),
    position < head.position ? h('p', { class: 'muted' }, 'Verified up to the as-of position: the chain hash shown is the one the log had then.') : null);
}

function digestCard(ctx, digest) {
  const outcome = h('div', { id: 'digest-outcome', 'aria-live': 'polite' });
  const verify = h('button', { type: 'button', class: 'secondary', id: 'digest-verify' }, 'Verify the log against this digest');
  verify.addEventListener('click', async () => {
    verify.disabled = true;
    try {
      const result = await ctx.api.post('/api/ledger/digest/verify', digest);
      mount(outcome, h('p', { class: `status-badge ${result.intact ? 'ok' : 'bad'}`, dataset: { intact: String(result.intact) } },
        result.intact ? `✓ Signature valid; the log only grew since position ${f.integer(digest.position)}` : `✗ ${result.problem ?? 'The log does not match this digest'}`));
    } catch (error) {
      mount(outcome, problemView(error));
    } finally {
      verify.disabled = false;
    }
  });
  const file = new Blob([JSON.stringify(digest, null, 2)], { type: 'application/json' });
  return h('section', { class: 'card', id: 'digest' },
    h('h2', {}, 'Current signed digest'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Position'), h('dd', { dataset: { figure: 'digest:position', value: digest.position } }, f.integer(digest.position)),
      h('dt', {}, 'Head hash'), h('dd', { class: 'mono hash', dataset: { figure: 'digest:hash', value: digest.headHash } }, digest.headHash),
      h('dt', {}, 'Signed'), h('dd', {}, f.dateTime(digest.createdAt)),
      h('dt', {}, 'Signing key'), h('dd', { class: 'mono' }, `ECDSA P-256 · ${digest.keyId}`),
      h('dt', {}, 'Signature'), h('dd', { class: 'mono hash' }, digest.signature)),
    h('div', { class: 'actions' },
      h('a', { class: 'button secondary', href: URL.createObjectURL(file), download: `ledger-digest-${digest.position}.json` }, 'Download the digest'),
      verify),
    outcome,
    h('p', { class: 'muted' }, 'Keep the digest outside the database. Later, ledger verify --file export.jsonl --digest digest.json proves the log only grew.'));
}

// ---- lineage --------------------------------------------------------------------------------------------------

/** The newest decisions recorded up to the position (GET /api/decisions); older ones are opened by their id. */
async function recentDecisions(ctx, position) {
  if (!ctx.caps.audit.allowed) return [];
  const page = await ctx.api.get('/api/decisions', { asOf: position, limit: 200 });
  return page.decisions.map((d) => ({ id: d.decisionId, title: d.title, decidedAt: d.decidedAt, position: d.position, superseded: d.supersededBy != null }));
}

async function lineageCard(ctx, position) {
  const decisions = await recentDecisions(ctx, position);
  const graphBox = h('div', { id: 'lineage-graph', class: 'lineage-box', dataset: { state: 'idle' } });
  const select = h('select', { id: 'lineage-decision', 'aria-label': 'Decision' },
    h('option', { value: '' }, decisions.length ? 'Choose a decision…' : 'No decision recorded up to this position'),
    decisions.map((d) => h('option', { value: d.id }, `${d.title} — ${f.dateTime(d.decidedAt)} (position ${f.integer(d.position)})${d.superseded ? ' · superseded' : ''}`)));
  const manual = h('input', { id: 'lineage-id', placeholder: 'or a decision id', spellcheck: 'false', size: 38 });
  const depth = h('select', { id: 'lineage-depth', 'aria-label': 'Depth' }, [1, 2, 3, 5, 10].map((d) => h('option', { value: d, selected: d === 5 }, `depth ${d}`)));
  const load = async () => {
    const id = manual.value.trim() || select.value;
    if (!id) return;
    graphBox.dataset.state = 'loading';
    mount(graphBox, h('p', { class: 'loading' }, 'Following the lineage…'));
    try {
      // As of the view's position: links, corrections and erasures recorded later are not shown, and a decision
      // recorded later is the API's plain-language 404.
      const graph = await ctx.api.get(`/api/lineage/decisions/${encodeURIComponent(id)}`, { depth: depth.value, asOf: position });
      mount(graphBox, lineageGraph(ctx, graph, position));
      graphBox.dataset.state = 'ready';
    } catch (error) {
      mount(graphBox, problemView(error));
      graphBox.dataset.state = 'error';
    }
  };
  select.addEventListener('change', () => { manual.value = ''; load(); });
  depth.addEventListener('change', load);
  manual.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); load(); } });
  if (decisions.length) {
    select.value = decisions[0].id;
    await load();
  }
  return h('section', { class: 'card', id: 'lineage' },
    h('div', { class: 'card-head' }, h('h2', {}, 'Decision lineage'), h('div', { class: 'inline-controls' }, select, manual, depth)),
    h('p', { class: 'muted' }, 'What informed a decision, read left to right: earlier decisions, report snapshots and pilot runs, the interactions and conversations cited, and the people involved. Select a node for the events behind it.'),
    graphBox);
}

function lineageGraph(ctx, graph, position) {
  const { positions, width, height } = layeredLayout(graph.nodes, graph.edges, graph.root, { order: (n) => KIND_ORDER[n.kind] ?? 9 });
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const svg = s('svg', { viewBox: `0 0 ${Math.max(width, 400)} ${height}`, class: 'lineage', role: 'group', 'aria-label': 'Lineage graph' },
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))));
  for (const e of graph.edges) {
    const [a, b] = [positions.get(e.from), positions.get(e.to)];
    if (!a || !b) continue;
    let d;
    if (b.x > a.x) {
      const [x1, x2] = [a.x + 95, b.x - 95];
      const mid = (x1 + x2) / 2;
      d = `M${x1},${a.y} C${mid},${a.y} ${mid},${b.y} ${x2},${b.y}`;
    } else {
      // A link within a column (or back): an arc on the right-hand side, clear of the boxes.
      const bulge = a.x + 95 + Math.min(60, 18 + Math.abs(a.y - b.y) / 6);
      d = `M${a.x + 95},${a.y} C${bulge},${a.y} ${bulge},${b.y} ${b.x + 95},${b.y}`;
    }
    svg.append(s('path', { d, class: `lineage-edge rel-${e.relation}`, 'marker-end': 'url(#arrow)' },
      s('title', {}, `${byId.get(e.from)?.label ?? e.from} ${f.words(e.relation)} ${byId.get(e.to)?.label ?? e.to}`)));
  }
  for (const node of graph.nodes) {
    const p = positions.get(node.id);
    const label = node.kind === 'participant' ? `${node.erased ? 'erased' : 'participant'} ${shortId(node.id)}` : node.label || node.kind;
    const g = s('g', { class: `lineage-node kind-${node.kind}${node.id === graph.root ? ' root' : ''}${node.missing ? ' missing' : ''}${node.erased ? ' erased' : ''}`,
      transform: `translate(${p.x - 95},${p.y - 17})`, tabindex: 0, role: 'button', dataset: { node: node.id, kind: node.kind } },
    s('rect', { width: 190, height: 34, rx: 8 }),
    s('text', { x: 10, y: 14, class: 'node-kind' }, `${node.kind}${node.position ? ` · #${node.position}` : ''}`),
    s('text', { x: 10, y: 28, class: 'node-label' }, label.length > 28 ? `${label.slice(0, 27)}…` : label),
    s('title', {}, `${node.kind} ${node.id.replace(/^[a-z]+:/i, '')}: ${label}`));
    const open = () => nodeDetails(ctx, graph, node, position);
    g.addEventListener('click', open);
    g.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
    svg.append(g);
  }
  const counts = graph.nodes.reduce((m, n) => m.set(n.kind, (m.get(n.kind) ?? 0) + 1), new Map());
  return h('div', {},
    h('p', { class: 'summary', dataset: { nodes: graph.nodes.length, edges: graph.edges.length, asOf: graph.asOfPosition } },
      `As of position ${f.integer(graph.asOfPosition)}: ${f.integer(graph.nodes.length)} nodes, ${f.integer(graph.edges.length)} links: `,
      [...counts].map(([k, n]) => `${f.integer(n)} ${k}${n === 1 ? '' : 's'}`).join(', ')),
    h('div', { class: 'graph-scroll' }, svg));
}

const STREAM_PREFIX = { decision: 'decision', conversation: 'conversation', participant: 'participant', snapshot: 'snapshot', pilotRun: 'snapshot', reportSnapshot: 'snapshot' };

async function nodeDetails(ctx, graph, node, position) {
  const id = node.id.replace(/^[a-zA-Z]+:/, '');
  ctx.drawer.open(`${f.capitalised(node.kind)} ${shortId(id)}`, h('p', { class: 'loading' }, 'Loading the events…'));
  let streamKind = node.kind;
  let streamId = id;
  if (node.kind === 'interaction') {
    // An interaction lives in its conversation's stream.
    const conversation = graph.edges.find((e) => e.from === node.id && e.relation === 'wasDerivedFrom')?.to;
    streamKind = 'conversation';
    streamId = conversation?.replace(/^[a-zA-Z]+:/, '');
  }
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Id'), h('dd', { class: 'mono' }, id), h('dt', {}, 'Kind'), h('dd', {}, node.kind),
    h('dt', {}, 'Label'), h('dd', {}, node.label || '—'),
    node.position ? [h('dt', {}, 'Recorded at position'), h('dd', {}, f.integer(node.position))] : null,
    node.erased ? [h('dt', {}, 'Personal data'), h('dd', {}, 'erased (crypto-shredded)')] : null,
    node.missing ? [h('dt', {}, 'Missing'), h('dd', {}, 'voided or unknown')] : null);
  const influenced = h('div', { id: 'influenced' });
  const influencedKind = { interaction: 'interaction', conversation: 'conversation', decision: 'decision', snapshot: 'snapshot', pilotRun: 'snapshot', reportSnapshot: 'snapshot' }[node.kind];
  const parts = [facts];
  if (influencedKind) {
    parts.push(h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try {
        const down = await ctx.api.get('/api/lineage/influenced', { kind: influencedKind, id, asOf: position });
        const decisions = down.nodes.filter((n) => n.kind === 'decision' && n.id !== node.id);
        mount(influenced, h('h3', {}, 'Decisions it influenced'), decisions.length
          ? h('ul', {}, decisions.map((d) => h('li', {}, `${d.label} (${shortId(d.id)})`)))
          : h('p', { class: 'muted' }, 'None.'));
      } catch (error) {
        mount(influenced, problemView(error));
      }
    } }, 'Which decisions did it influence?'), influenced);
  }
  const prefix = STREAM_PREFIX[streamKind];
  if (!ctx.caps.audit.allowed || !prefix || !streamId) {
    ctx.drawer.fill(parts);
    return;
  }
  try {
    const stream = await ctx.api.get(`/api/ledger/streams/${prefix}-${streamId.replaceAll('-', '')}`, { asOf: position });
    parts.push(h('h3', {}, `Events of ${stream.streamId} as of position ${f.integer(position)}`), eventList(stream.events, node.kind === 'interaction' ? id : null));
    ctx.drawer.fill(parts);
  } catch (error) {
    parts.push(problemView(error, 'The events behind this node could not be read.'));
    ctx.drawer.fill(parts, 'error');
  }
}

function eventList(events, highlight) {
  return h('ol', { class: 'event-list' }, events.map((e) => {
    const data = JSON.stringify(e.data, null, 1);
    return h('li', { class: highlight && data.includes(highlight) ? 'highlight' : '', dataset: { position: e.position } },
      h('div', {}, h('strong', {}, `#${f.integer(e.position)} ${e.eventType}`), ' ', h('span', { class: 'muted' }, `${f.dateTime(e.recordedAt)} · ${e.actor}`)),
      h('div', { class: 'mono hash' }, `hash ${e.hash}`),
      h('details', {}, h('summary', {}, 'data'), h('pre', {}, data)));
  }));
}
