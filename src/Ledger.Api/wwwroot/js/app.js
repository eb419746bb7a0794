// The dashboard shell: sign-in, the views the key's role allows, the as-of control, the details drawer.
import { ApiError, createApi, discoverCapabilities } from './api.js';
import { h, mount } from './dom.js';
import { dateTime, integer } from './format.js';
import { problemView } from './problem.js';
import overview from './views/overview.js';
import relationships from './views/relationships.js';
import pilots from './views/pilots.js';
import audit from './views/audit.js';
import keys from './views/keys.js';

const VIEWS = { overview, relationships, pilots, audit, keys };
const KEY_STORAGE = 'ledger.dashboard.apiKey';

const $ = (id) => document.getElementById(id);
const state = {
  api: null,
  caps: null,
  asOf: null, // null: live (the head); otherwise a ledger position
  head: 0,
  generation: 0,
};

// ---- sign-in -------------------------------------------------------------------------------------------------

async function signIn(key) {
  const api = createApi(key);
  const caps = await discoverCapabilities(api);
  state.api = api;
  state.caps = caps;
  state.asOf = null;
  sessionStorage.setItem(KEY_STORAGE, key);
  $('signin').hidden = true;
  $('session').hidden = false;
  $('role').textContent = caps.role;
  $('role').dataset.role = caps.role;
  $('role').title = `Signed in with the key “${caps.key.name}”`;
  for (const link of document.querySelectorAll('[data-nav]')) link.hidden = !VIEWS[link.dataset.nav].allowed(caps);
  $('nav').hidden = false;
  $('asof').hidden = !(caps.reports.allowed || caps.audit.allowed);
  if (caps.audit.allowed) {
    const head = await api.get('/api/ledger/head');
    updateHead(head.position);
  }
  await render();
}

function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  state.api = null;
  state.caps = null;
  state.generation++;
  $('session').hidden = true;
  $('nav').hidden = true;
  $('asof').hidden = true;
  closeDrawer();
  const view = $('view');
  view.dataset.state = 'signed-out';
  delete view.dataset.view;
  mount(view);
  $('signin').hidden = false;
  $('signin-key').value = '';
  $('signin-key').focus();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('signin-key').value.trim();
  const button = $('signin-submit');
  button.disabled = true;
  mount($('signin-problem'));
  try {
    await signIn(key);
  } catch (error) {
    sessionStorage.removeItem(KEY_STORAGE);
    mount($('signin-problem'), problemView(error));
  } finally {
    button.disabled = false;
  }
});
$('signout').addEventListener('click', signOut);

// ---- as of ---------------------------------------------------------------------------------------------------

function updateHead(position) {
  if (position > state.head) state.head = position;
  const slider = $('asof-slider');
  slider.max = String(state.head);
  $('asof-position').max = String(state.head);
  showPosition(state.asOf ?? state.head);
}

function showPosition(position) {
  $('asof-slider').value = String(position);
  $('asof-position').value = String(position);
  const status = $('asof-status');
  status.dataset.position = String(position);
  status.dataset.live = String(state.asOf === null);
  status.textContent = state.asOf === null
    ? `Live: position ${integer(position)}`
    : `As of position ${integer(position)} of ${integer(state.head)}`;
}

function setAsOf(position) {
  state.asOf = position;
  $('asof-date').value = '';
  showPosition(position ?? state.head);
  closeDrawer();
  render();
}

/** The last position recorded at or before a moment: the API resolves it for reports; auditors bisect the log. */
async function positionAt(moment) {
  if (state.caps.reports.allowed) {
    return (await state.api.get('/api/reports/roi', { at: moment.toISOString() })).asOfPosition;
  }
  let [lo, hi] = [0, state.head];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const page = await state.api.get('/api/ledger/events', { after: mid - 1, limit: 1 });
    if (new Date(page.events[0].recordedAt) <= moment) lo = mid; else hi = mid - 1;
  }
  return lo;
}

$('asof-slider').addEventListener('input', (event) => { $('asof-position').value = event.target.value; });
$('asof-slider').addEventListener('change', (event) => setAsOf(Number(event.target.value)));
$('asof-live').addEventListener('click', () => setAsOf(null));
$('asof').addEventListener('submit', async (event) => {
  event.preventDefault();
  const dateValue = $('asof-date').value;
  if (dateValue) {
    const moment = new Date(dateValue);
    const status = $('asof-status');
    status.textContent = 'Finding the position…';
    try {
      const position = await positionAt(moment);
      setAsOf(position);
      $('asof-date').value = dateValue;
      status.textContent = `As of ${dateTime(moment)}: position ${integer(position)}`;
    } catch (error) {
      mount(status, problemView(error));
    }
    return;
  }
  const text = $('asof-position').value.trim();
  // An out-of-range position is sent as typed: the API's own refusal explains what is allowed.
  setAsOf(text === '' ? null : Number(text));
});

// ---- drawer (drill-downs and details) -------------------------------------------------------------------------

function openDrawer(title, content) {
  $('drawer-title').textContent = title;
  mount($('drawer-body'), content);
  $('drawer').hidden = false;
  $('drawer').dataset.state = 'loading';
}

function fillDrawer(content, stateName = 'ready') {
  mount($('drawer-body'), content);
  $('drawer').dataset.state = stateName;
}

function closeDrawer() {
  $('drawer').hidden = true;
  delete $('drawer').dataset.state;
}

$('drawer-close').addEventListener('click', closeDrawer);
document.addEventListener('keydown', (event) => { if (event.key === 'Escape') closeDrawer(); });

// ---- views ---------------------------------------------------------------------------------------------------

function currentRoute() {
  const name = window.location.hash.replace(/^#/, '');
  if (VIEWS[name]) return name;
  return Object.keys(VIEWS).find((v) => VIEWS[v].allowed(state.caps)) ?? 'overview';
}

async function render() {
  if (!state.api) return;
  const generation = ++state.generation;
  const name = currentRoute();
  const view = VIEWS[name];
  const container = $('view');
  for (const link of document.querySelectorAll('[data-nav]')) link.classList.toggle('active', link.dataset.nav === name);
  container.dataset.view = name;
  delete container.dataset.asOf;
  document.title = `${view.title} · Ledger`;

  if (!view.allowed(state.caps)) {
    container.dataset.state = 'refused';
    mount(container, refusal(view));
    return;
  }
  container.dataset.state = 'loading';
  container.setAttribute('aria-busy', 'true');
  const ctx = {
    api: state.api,
    caps: state.caps,
    asOf: state.asOf,
    head: state.head,
    current: () => generation === state.generation,
    /** Views report the position their figures are as of (in live mode: the head they saw). */
    position(position) {
      if (state.asOf === null) updateHead(position);
      container.dataset.asOf = String(position);
    },
    drawer: { open: openDrawer, fill: fillDrawer, close: closeDrawer },
    navigate: (hash) => { window.location.hash = hash; },
  };
  try {
    const content = await view.render(ctx);
    if (!ctx.current()) return;
    mount(container, content);
    container.dataset.state = 'ready';
  } catch (error) {
    if (!ctx.current()) return;
    if (!(error instanceof ApiError)) console.error(error);
    mount(container, h('section', { class: 'card' }, h('h1', {}, view.title), problemView(error)));
    container.dataset.state = 'error';
  } finally {
    if (ctx.current()) container.removeAttribute('aria-busy');
  }
}

function refusal(view) {
  const allowed = Object.entries(VIEWS).filter(([, v]) => v.allowed(state.caps));
  return h('section', { class: 'card refusal' },
    h('h1', {}, view.title),
    h('p', {}, `A ${state.caps.role} key cannot open this view. The Ledger API refused it:`),
    problemView({ status: 403, problem: view.refusal(state.caps) ?? { title: 'Not allowed for this role' } }),
    allowed.length
      ? h('p', {}, 'Views open to your key: ', allowed.map(([name, v], i) => [i ? ', ' : '', h('a', { href: `#${name}` }, v.title)]))
      : h('p', {}, 'No view of the dashboard is open to this role. Reports need a finance, executive or pilot key; audit an auditor or admin key.'));
}

window.addEventListener('hashchange', () => { closeDrawer(); render(); });

// ---- start ---------------------------------------------------------------------------------------------------

const remembered = sessionStorage.getItem(KEY_STORAGE);
if (remembered) {
  signIn(remembered).catch((error) => {
    signOut();
    mount($('signin-problem'), problemView(error, 'Your saved key no longer works.'));
  });
} else {
  signOut();
}
