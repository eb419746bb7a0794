// Drill-down: from a figure to the events behind it, with the proof that their values add up to it.
import { h, shortId } from '../dom.js';
import * as f from '../format.js';
import { problemView } from '../problem.js';

const roundTo = (value, digits) => Math.round((value + Number.EPSILON * Math.sign(value)) * 10 ** digits) / 10 ** digits;

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
      h('tbody', {}, items.map((e) => h('tr', { dataset: { eventId: e.eventId, position: e.position, eventValue: signFor(e) } },
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
export function drillResult({ items, expected, expectedCount, currency, position, note, signFor = (e) => e.value, extra }) {
  const digits = f.minorDigits(currency);
  const sum = roundTo(items.reduce((total, e) => total + signFor(e), 0) + (extra?.amount ?? 0), digits);
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

/** Opens the drawer on a drill-down that loads asynchronously. */
export async function openDrill(ctx, title, load) {
  ctx.drawer.open(title, h('p', { class: 'loading' }, 'Loading the events…'));
  try {
    ctx.drawer.fill(await load());
  } catch (error) {
    ctx.drawer.fill(problemView(error), 'error');
  }
}
