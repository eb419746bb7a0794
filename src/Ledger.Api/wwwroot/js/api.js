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

const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * What this key may do, asked of the API itself (it has no "who am I" endpoint): one cheap read per area. A 401
 * means the key is unknown or revoked; a 403 that the key's role does not include the area, and its problem is
 * kept to show the user the API's own words.
 */
const PROBES = {
  reports: { path: '/api/reports/roi', query: { asOf: 0 } },
  pilots: { path: `/api/pilots/runs/${NO_ID}`, allowed: [404] },
  audit: { path: '/api/ledger/head' },
  lineage: { path: '/api/lineage/influenced', query: { kind: 'decision', id: NO_ID } },
  keys: { path: '/api/keys' },
};

export async function discoverCapabilities(api) {
  const entries = await Promise.all(Object.entries(PROBES).map(async ([name, probe]) => {
    try {
      await api.get(probe.path, { ...probe.query, probe: 'capabilities' });
      return [name, { allowed: true }];
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 403) return [name, { allowed: false, problem: error.problem }];
      // Past authorization, any other client answer (the probe's 404) means the role includes the area.
      if (probe.allowed?.includes(error.status)) return [name, { allowed: true }];
      throw error;
    }
  }));
  const capabilities = Object.fromEntries(entries);
  // The role's name, for display only: the API's 403 detail names it ("A 'finance' key may not use …").
  const refusal = entries.map(([, c]) => c.problem?.detail).find((d) => /A '([a-z]+)' key/.test(d ?? ''));
  capabilities.role = refusal ? /A '([a-z]+)' key/.exec(refusal)[1] : (capabilities.keys.allowed ? 'admin' : 'unknown');
  return capabilities;
}
