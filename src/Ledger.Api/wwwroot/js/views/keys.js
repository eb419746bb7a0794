// API keys (admin): create a key for a role (its secret is shown once), list and revoke keys.
import { h, mount } from '../dom.js';
import * as f from '../format.js';
import { problemView } from '../problem.js';

const ROLES = ['finance', 'executive', 'pilot', 'auditor', 'recorder', 'admin'];

export default {
  title: 'API keys',
  allowed: (caps) => caps.keys.allowed,
  refusal: (caps) => caps.keys.problem,
  async render(ctx) {
    const list = h('div', { id: 'key-list' });
    const created = h('div', { id: 'key-created', 'aria-live': 'polite' });
    const refresh = async () => mount(list, keyTable(ctx, await ctx.api.get('/api/keys'), refresh));
    const form = h('form', { class: 'row', id: 'key-form' },
      h('label', { class: 'field' }, 'Name', h('input', { id: 'key-name', required: true, maxlength: 100, placeholder: 'board-laptop' })),
      h('label', { class: 'field' }, 'Role', h('select', { id: 'key-role' }, ROLES.map((r) => h('option', { value: r }, r)))),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create key')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const key = await ctx.api.post('/api/keys', { name: form.querySelector('#key-name').value, role: form.querySelector('#key-role').value });
        mount(created, h('div', { class: 'secret' },
          h('p', {}, h('strong', {}, `Key “${key.name}” (${key.role}) created.`), ' Copy it now: it is shown once and only its hash is stored.'),
          h('code', { id: 'key-secret', class: 'mono' }, key.secret)));
        form.reset();
        await refresh();
      } catch (error) {
        mount(created, problemView(error));
      }
    });
    await refresh();
    return h('div', { class: 'stack' },
      h('header', { class: 'view-head' }, h('h1', {}, 'API keys'),
        h('p', { class: 'muted' }, 'Reports need a finance, executive or pilot key; pilot runs a pilot key; audit and lineage an auditor key.')),
      h('section', { class: 'card' }, h('h2', {}, 'New key'), form, created),
      h('section', { class: 'card' }, h('h2', {}, 'Keys'), list));
  },
};

function keyTable(ctx, keys, refresh) {
  return h('div', { class: 'table-scroll' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Role'), h('th', {}, 'Created'), h('th', {}, 'By'), h('th', {}, 'Status'), h('th', {}, ''))),
    h('tbody', {}, keys.map((k) => h('tr', { dataset: { keyId: k.keyId } },
      h('th', { scope: 'row' }, k.name), h('td', {}, k.role), h('td', {}, f.dateTime(k.createdAt)), h('td', {}, k.createdBy),
      h('td', {}, k.revokedAt ? `revoked ${f.dateTime(k.revokedAt)}` : 'active'),
      h('td', {}, k.revokedAt ? null : h('button', { type: 'button', class: 'secondary danger', onclick: async (event) => {
        if (!window.confirm(`Revoke the key “${k.name}”? Anyone using it is refused from now on.`)) return;
        event.target.disabled = true;
        try {
          await ctx.api.post(`/api/keys/${k.keyId}/revoke`);
          await refresh();
        } catch (error) {
          event.target.replaceWith(problemView(error));
        }
      } }, 'Revoke')))))));
}
