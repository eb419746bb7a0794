// RFC 9457 problem details in plain language: the title, the detail, and each field's errors.
import { h } from './dom.js';
import { capitalised, words } from './format.js';

const FALLBACK = {
  0: 'The dashboard could not contact the Ledger API.',
  401: 'Sign in again with a valid API key.',
  403: 'Your key’s role does not include this.',
  404: 'Nothing was found there.',
  409: 'The ledger refused this because of one of its rules.',
  429: 'Too many of these are running; try again shortly.',
  503: 'The ledger’s database is unavailable right now; try again shortly.',
};

/** A readable block for an ApiError (or any error). */
export function problemView(error, context) {
  const problem = error?.problem ?? { title: 'Something went wrong', detail: String(error?.message ?? error) };
  const status = error?.status ?? problem.status;
  const fields = Object.entries(problem.errors ?? {});
  const detail = problem.detail || FALLBACK[status] || '';
  return h('div', { class: 'problem', role: 'alert', dataset: { status: status ?? '', code: problem.code ?? '' } },
    context ? h('p', { class: 'problem-context' }, context) : null,
    h('strong', { class: 'problem-title' }, problem.title || 'The request failed'),
    detail ? h('p', { class: 'problem-detail' }, detail) : null,
    fields.length
      ? h('ul', { class: 'problem-fields' }, fields.map(([field, messages]) =>
          h('li', {}, h('span', { class: 'problem-field' }, `${capitalised(words(field))}: `), [].concat(messages).join(' '))))
      : null,
    status ? h('small', { class: 'problem-status' }, `HTTP ${status}${problem.code ? ` · ${problem.code}` : ''}`) : null);
}
