// Numbers and dates in the reader's locale: currency symbols, thousands separators, percentages.

const cache = new Map();
function formatter(key, make) {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key);
}

/** €76,429.67 — with the currency's own number of decimals (0 for JPY, 3 for BHD), as the API rounds. */
export function money(value, currency) {
  if (value === null || value === undefined) return '—';
  return formatter(`money:${currency}`, () => new Intl.NumberFormat(undefined, { style: 'currency', currency })).format(value);
}

/** €76K on chart axes. */
export function compactMoney(value, currency) {
  return formatter(`compact:${currency}`, () => new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 })).format(value);
}

export function integer(value) {
  if (value === null || value === undefined) return '—';
  return formatter('integer', () => new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })).format(value);
}

export function compactNumber(value) {
  return formatter('compactNumber', () => new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 })).format(value);
}

/** A ratio (0.25) as 25%. */
export function percent(ratio, digits = 1) {
  if (ratio === null || ratio === undefined) return '—';
  return formatter(`percent:${digits}`, () => new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: digits })).format(ratio);
}

/** A signed ratio: +12.5% / −3%. */
export function signedPercent(ratio, digits = 1) {
  if (ratio === null || ratio === undefined) return '—';
  return formatter(`signedPercent:${digits}`, () => new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: digits, signDisplay: 'exceptZero' })).format(ratio);
}

export function signedMoney(value, currency) {
  if (value === null || value === undefined) return '—';
  return formatter(`signedMoney:${currency}`, () => new Intl.NumberFormat(undefined, { style: 'currency', currency, signDisplay: 'exceptZero' })).format(value);
}

export function signedInteger(value) {
  if (value === null || value === undefined) return '—';
  return formatter('signedInteger', () => new Intl.NumberFormat(undefined, { maximumFractionDigits: 0, signDisplay: 'exceptZero' })).format(value);
}

/** A calendar date ("2026-03-14", as the API writes DateOnly) without shifting it into the local time zone. */
export function date(value) {
  if (!value) return '—';
  return formatter('date', () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' })).format(new Date(`${value}T00:00:00Z`));
}

export function dateTime(value) {
  if (!value) return '—';
  return formatter('dateTime', () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(value));
}

/** The minor unit of a currency (2 for EUR), from Intl, to round sums as the API does. */
export function minorDigits(currency) {
  return formatter(`digits:${currency}`, () => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits);
}

/** camelCase or kebab-case identifiers in words: "socialNetwork" → "social network". */
export function words(identifier) {
  return String(identifier ?? '').replace(/[-_]/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

export function capitalised(text) {
  const t = String(text ?? '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
