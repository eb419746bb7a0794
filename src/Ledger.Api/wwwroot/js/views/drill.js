// Drill-down: from a figure to the events behind it, with the proof that their values add up to it.
import { h, shortId } from '../dom.js';
import * as f from '../format.js';
import { problemView } from '../problem.js';

const roundTo = (value, digits) => Math.round((value + Number.EPSILON * Math.sign(value)) * 10 ** digits) / 10 ** digits;

/**
 * The sum of events as the API rounds its figures: at full precision, rounded once per figure. A figure that adds
 * several of the API's figures (a total over initiatives) is the sum of those rounded figures: groupKey names the
 * figure an event belongs to, and extras an amount of a figure that is not made of events (recorded costs).
 */
export function sumEvents(items, { currency, signFor = (e) => e.value, groupKey, extras } = {}) {
  const digits = f.minorDigits(currency);
  if (!groupKey) return roundTo(items.reduce((total, e) => total + signFor(e), 0) + (extras ?? 0), digits);
  const groups = new Map([...(extras instanceof Map ? extras : new Map())].map(([key, amount]) => [key, amount]));
  for (const e of items) groups.set(groupKey(e), (groups.get(groupKey(e)) ?? 0) + signFor(e));
  return roundTo([...groups.values()].reduce((total, amount) => total + roundTo(amount, digits), 0), digits);
}

/** A figure that opens its drill-down when clicked. */
export function figure(text, { id, value, onDrill, title }) {
  const dataset = { figure: id, value: value ?? '' };
  if (!onDrill) return h('span', { class: 'figure', dataset, title }, text);
  return h('button', { type: 'button', class: 'figure drillable', dataset, title: title ?? 'Show the events behind this figure', onclick: onDrill }, text);
}

function eventTable(items, currency, signFor) {
  return h('div', { class: 'table-scroll drill-table' },
    h('table', {},
      h('thead', {}, h('tr', {},
        h('th', { class: 'num' }, 'Position'), h('th', {}, 'Event'), h('th', {}, 'Interaction'), h('th', {}, 'Conversation'),
        h('th', {}, 'Subtype'), h('th', {}, 'Effect'), h('th', { class: 'num' }, 'Value'))),
      h('tbody', {}, items.map((e) => h('tr', { dataset: { eventId: e.eventId, position: e.position, eventValue: signFor(e), ...(e.initiativeId ? { initiative: e.initiativeId } : {}) } },
        h('td', { class: 'num' }, f.integer(e.position)),
        h('td', { class: 'mono', title: e.eventId }, shortId(e.eventId)),
        h('td', { class: 'mono', title: e.interactionId }, shortId(e.interactionId)),
        h('td', { class: 'mono', title: e.conversationId }, shortId(e.conversationId)),
        h('td', {}, f.words(e.subtype)),
        h('td', {}, f.words(e.effect)),
        h('td', { class: 'num' }, f.money(signFor(e), currency)))))));
}

/**
 * Shows events and their sum beside the figure. items: drill-down items; expected: the figure; extra: an amount
 * in the figure that is not made of events (recorded initiative costs), shown as such.
 */
export function drillResult({ items, expected, expectedCount, currency, position, note, signFor = (e) => e.value, extra, groupKey, extras }) {
  const digits = f.minorDigits(currency);
  const sum = groupKey
    ? sumEvents(items, { currency, signFor, groupKey, extras })
    : sumEvents(items, { currency, signFor, extras: extra?.amount ?? 0 });
  const countMatches = expectedCount === undefined || expectedCount === items.length;
  const matches = Math.abs(sum - expected) < 10 ** -digits / 2 && countMatches;
  return h('div', { class: 'drill' },
    h('dl', { class: 'drill-summary' },
      h('dt', {}, 'Figure'), h('dd', { dataset: { drillFigure: expected } }, f.money(expected, currency)),
      h('dt', {}, 'Events'), h('dd', { dataset: { drillCount: items.length } }, f.integer(items.length)),
      extra ? [h('dt', {}, extra.label), h('dd', {}, f.money(extra.amount, currency))] : null,
      h('dt', {}, 'Sum'), h('dd', { dataset: { drillSum: sum } }, f.money(sum, currency)),
      h('dt', {}, 'As of'), h('dd', {}, `position ${f.integer(position)}`)),
    h('p', { class: matches ? 'check ok' : 'check bad', dataset: { matches: String(matches) } },
      matches
        ? `✓ ${expectedCount === undefined ? 'The events' : `The ${f.integer(items.length)} events`} add up to the figure.`
        : `✗ ${f.integer(items.length)} events adding up to ${f.money(sum, currency)}, not ${f.money(expected, currency)}${countMatches ? '' : ` in ${f.integer(expectedCount)} events`}.`),
    note ? h('p', { class: 'muted' }, note) : null,
    eventTable(items, currency, signFor));
}

/**
 * A ratio (ROI) beside the two lists it is computed from: the benefit events (gain, and value for total ROI) and the
 * cost (recorded costs plus cost events), each with its sum, and the ratio recomputed from those sums.
 */
export function ratioResult({ benefit, cost, reported, currency, position, benefitLabel, note, groupKey, benefitGroupKey = groupKey, recordedBy }) {
  const benefitSum = sumEvents(benefit.items, { currency, groupKey: benefitGroupKey });
  const costSum = groupKey
    ? sumEvents(cost.items, { currency, signFor: (e) => -e.value, groupKey, extras: recordedBy })
    : sumEvents(cost.items, { currency, signFor: (e) => -e.value, extras: cost.recorded });
  const recomputed = costSum === 0 ? null : (benefitSum - costSum) / costSum;
  // The API rounds a ratio to 4 decimals from unrounded sums; the sums here are rounded to the minor unit.
  const matches = recomputed === null || reported === null || reported === undefined
    ? recomputed === null && (reported === null || reported === undefined)
    : Math.abs(recomputed - reported) <= 0.00015;
  return h('div', { class: 'drill ratio' },
    h('dl', { class: 'drill-summary' },
      h('dt', {}, benefitLabel), h('dd', { dataset: { ratioBenefit: benefitSum } }, f.money(benefitSum, currency)),
      h('dt', {}, 'Cost'), h('dd', { dataset: { ratioCost: costSum } }, f.money(costSum, currency)),
      h('dt', {}, 'Recomputed'), h('dd', { dataset: { ratioRecomputed: recomputed ?? '' } },
        recomputed === null ? 'no cost, no ratio' : `(${f.money(benefitSum, currency)} − ${f.money(costSum, currency)}) / ${f.money(costSum, currency)} = ${f.percent(recomputed, 2)}`),
      h('dt', {}, 'Figure'), h('dd', { dataset: { ratioReported: reported ?? '' } }, f.percent(reported, 2)),
      h('dt', {}, 'As of'), h('dd', {}, `position ${f.integer(position)}`)),
    h('p', { class: matches ? 'check ok' : 'check bad', dataset: { ratioMatches: String(matches) } },
      matches ? '✓ The ratio recomputed from the events below is the figure.' : `✗ The events below give ${f.percent(recomputed, 2)}, not ${f.percent(reported, 2)}.`),
    note ? h('p', { class: 'muted' }, note) : null,
    h('h3', {}, `${benefitLabel}: the events`),
    drillResult({ items: benefit.items, expected: benefit.expected, currency, position, groupKey: benefitGroupKey }),
    h('h3', {}, 'Cost: recorded costs and the cost events'),
    drillResult({
      items: cost.items, expected: cost.expected, currency, position, signFor: (e) => -e.value,
      extra: { label: 'Recorded initiative costs', amount: cost.recorded }, groupKey, extras: recordedBy,
    }));
}

/**
 * A relationship figure is a count: the number of transactions on a link, or on all of a participant's links. Each
 * listed event carries its weight (how many of those links it counts on: a message to three people counts on three),
 * and the weights add up to the figure; byKind, when given, is checked kind by kind. Without an expected figure (a
 * listing behind a derived figure) nothing is checked.
 */
export function weightResult({ items, expected, byKind, position, note }) {
  const total = items.reduce((sum, e) => sum + e.weight, 0);
  const kinds = Object.entries(byKind ?? {}).map(([kind, count]) => [kind, count, items.filter((e) => e.kind.toLowerCase() === kind.toLowerCase()).reduce((sum, e) => sum + e.weight, 0)]);
  const checked = expected !== null && expected !== undefined;
  const matches = total === expected && kinds.every(([, count, listed]) => count === listed);
  return h('div', { class: 'drill weights' },
    h('dl', { class: 'drill-summary' },
      checked ? [h('dt', {}, 'Figure'), h('dd', { dataset: { drillFigure: expected } }, `${f.integer(expected)} transactions`)] : null,
      h('dt', {}, 'Events'), h('dd', { dataset: { drillCount: items.length } }, f.integer(items.length)),
      h('dt', {}, 'Weights added'), h('dd', { dataset: { drillSum: total } }, f.integer(total)),
      kinds.map(([kind, count, listed]) => [h('dt', {}, f.capitalised(kind)), h('dd', { dataset: { kind, kindCount: listed } }, `${f.integer(listed)} listed, ${f.integer(count)} on the map`)]),
      h('dt', {}, 'As of'), h('dd', {}, `position ${f.integer(position)}`)),
    checked ? h('p', { class: matches ? 'check ok' : 'check bad', dataset: { matches: String(matches) } },
      matches ? `✓ The events below weigh ${f.integer(total)}: the figure.` : `✗ The events below weigh ${f.integer(total)}, not ${f.integer(expected)}.`) : null,
    note ? h('p', { class: 'muted' }, note) : null,
    h('div', { class: 'table-scroll drill-table' },
      h('table', {},
        h('thead', {}, h('tr', {},
          h('th', { class: 'num' }, 'Position'), h('th', {}, 'Occurred'), h('th', {}, 'Interaction'), h('th', {}, 'Conversation'),
          h('th', {}, 'Kind'), h('th', {}, 'Subtype'), h('th', { class: 'num' }, 'Weight'))),
        h('tbody', {}, items.map((e) => h('tr', { dataset: { eventId: e.eventId, position: e.position, eventWeight: e.weight, eventKind: e.kind, interaction: e.interactionId } },
          h('td', { class: 'num' }, f.integer(e.position)),
          h('td', {}, f.dateTime(e.occurredAt)),
          h('td', { class: 'mono', title: e.interactionId }, shortId(e.interactionId)),
          h('td', { class: 'mono', title: e.conversationId }, shortId(e.conversationId)),
          h('td', {}, e.kind),
          h('td', {}, f.words(e.subtype)),
          h('td', { class: 'num' }, f.integer(e.weight))))))));
}

/** The recorded initiative costs a curve point adds up (events of the initiative's stream, not transactions). */
export function recordedCostTable(costs, currency) {
  return h('div', { class: 'table-scroll drill-table' },
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Position'), h('th', {}, 'Event'), h('th', {}, 'Incurred'), h('th', {}, 'Category'), h('th', { class: 'num' }, 'Cost'))),
      h('tbody', {}, costs.map((c) => h('tr', { dataset: { eventId: c.eventId, position: c.position, recordedCost: c.value } },
        h('td', { class: 'num' }, f.integer(c.position)),
        h('td', { class: 'mono', title: c.eventId }, shortId(c.eventId)),
        h('td', {}, f.dateTime(c.incurredAt)),
        h('td', {}, f.words(c.category)),
        h('td', { class: 'num' }, f.money(c.value, currency)))))));
}

/** A figure whose events the API cannot list: what it is and why, in plain words, instead of an empty drawer. */
export function explanation(paragraphs, facts) {
  return h('div', { class: 'drill explanation', dataset: { explanation: 'true' } },
    facts ? h('dl', { class: 'drill-summary' }, facts.map(([term, text]) => [h('dt', {}, term), h('dd', {}, text)])) : null,
    paragraphs.map((text) => h('p', { class: 'drill-note' }, text)));
}

/** Shows content that needs no request (an explanation) in the drawer. */
export function openNote(ctx, title, content) {
  ctx.drawer.open(title, content);
  ctx.drawer.fill(content);
}

/** Opens the drawer on a drill-down that loads asynchronously. */
export async function openDrill(ctx, title, load) {
  ctx.drawer.open(title, h('p', { class: 'loading' }, 'Loading the events…'));
  try {
    ctx.drawer.fill(await load());
  } catch (error) {
    ctx.drawer.fill(problemView(error), 'error');
  }
}
