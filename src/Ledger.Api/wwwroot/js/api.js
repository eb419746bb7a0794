// The API client: every request carries the signed-in key; every refusal becomes an ApiError holding the
// RFC 9457 problem details the API answered with.
import { uuid } from './dom.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

export function createApi(key) {
  async function request(method, path, query, body) {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const headers = { 'X-Api-Key': key, Accept: 'application/json' };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      // A retried POST (flaky network) must not run twice: the API replays the first answer for the same key.
      headers['Idempotency-Key'] = uuid();
    }
    let response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch {
      throw new ApiError(0, {
        title: 'The ledger cannot be reached',
        detail: 'The dashboard could not contact the Ledger API. Check that it is running and try again.',
      });
    }
    if (response.status === 204) return null;
    const type = response.headers.get('content-type') ?? '';
    const payload = type.includes('json') ? await response.json().catch(() => null) : await response.text();
    if (!response.ok) {
      const problem = payload && typeof payload === 'object' ? payload : { title: response.statusText, detail: String(payload ?? '').slice(0, 300) };
      throw new ApiError(response.status, { status: response.status, ...problem });
    }
    return payload;
  }

  return {
    get: (path, query) => request('GET', path, query),
    post: (path, body, query) => request('POST', path, query, body ?? {}),
  };
}

/**
 * The roles each area of the dashboard needs, as the API declares them on the endpoints the area reads (in the
 * order the API lists them, so that a refusal reads exactly as the API's own 403 would).
 */
const AREAS = {
  reports: ['finance', 'executive', 'pilot'], // /api/reports/*
  pilots: ['pilot'], // /api/pilots/*
  audit: ['auditor', 'admin'], // /api/ledger/*
  lineage: ['auditor'], // /api/lineage/*
  keys: ['admin'], // /api/keys (create, list, revoke)
};

/**
 * What this key may do: one request to GET /api/keys/me, which any valid key may make, names the key and its role;
 * the areas follow from the role. A 401 (unknown or revoked key) is thrown as the API's problem. An area the role
 * lacks carries the refusal the API gives for it, so the dashboard shows it without asking for a 403.
 */
export async function discoverCapabilities(api) {
  const me = await api.get('/api/keys/me');
  const capabilities = Object.fromEntries(Object.entries(AREAS).map(([area, roles]) => [area, roles.includes(me.role)
    ? { allowed: true }
    : {
      allowed: false,
      problem: {
        status: 403,
        title: 'Not allowed for this role',
        detail: `A '${me.role}' key may not use this endpoint; it admits: ${roles.join(', ')}.`,
        code: 'forbidden',
      },
    }]));
  capabilities.role = me.role;
  capabilities.key = { id: me.keyId, name: me.name };
  return capabilities;
}
