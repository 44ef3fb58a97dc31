// The allocation screen's logic that is not the core's: names on the map, the list's
// filters and search, typed stall numbers, the run a dragged vendor lands on, the next
// market day. No rule of allocation.md lives here: the core validates every change.
import type { AllocationResult, Code, Layout, Row } from './backend/contract';
import { formatInstant } from './format';

export type ResultFilter = 'all' | 'assigned' | 'rejected' | 'absent';
export const FILTERS: ResultFilter[] = ['all', 'assigned', 'rejected', 'absent'];

/** Which filter a result belongs to (a vendor a clerk removed counts as rejected). */
export function filterOf(r: AllocationResult): Exclude<ResultFilter, 'all'> {
  if (r.outcome === 'ingedeeld') return 'assigned';
  if (r.outcome === 'niet_aanwezig') return 'absent';
  return 'rejected';
}

export function countByFilter(results: AllocationResult[]): Record<ResultFilter, number> {
  const out: Record<ResultFilter, number> = { all: results.length, assigned: 0, rejected: 0, absent: 0 };
  for (const r of results) out[filterOf(r)]++;
  return out;
}

/** Lower case without diacritics: "Çelik" → "celik". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The results a filter and a search keep: the search matches a part of the name (without
 * diacritics), a registration number with or without its dot, or a stall number exactly.
 * Sorted by list number, the order clerks know their lists by.
 */
export function filterResults(results: AllocationResult[], filter: ResultFilter, query: string): AllocationResult[] {
  const q = fold(query.trim());
  const digits = q.replace(/\./g, '');
  return results
    .filter((r) => filter === 'all' || filterOf(r) === filter)
    .filter(
      (r) =>
        !q ||
        fold(r.name).includes(q) ||
        (/^\d+$/.test(digits) && digits.length >= 3 && r.registrationNumber.replace('.', '').startsWith(digits)) ||
        r.stalls.some((s) => s.number.toLowerCase() === q),
    )
    .sort((a, b) => a.listNumber - b.listNumber || a.registrationNumber.localeCompare(b.registrationNumber));
}

const INFIX = new Set(['van', 'de', 'der', 'den', 'het', "'t", 'ter', 'ten', 'te', 'in', "'s", 'op', 'onder', 'aan', 'bij', 'uit', 'voor', 'du', 'la', 'le', 'da', 'di', 'von']);

/**
 * A name short enough for a stall box: no initials, a long infix abbreviated.
 * "J.P. van der Berg" → "v.d. Berg", "K. van Dijk" → "v. Dijk", "M. de Vries" → "de Vries".
 */
export function shortName(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => !/^(\p{L}\.)+$/u.test(w));
  const infix: string[] = [];
  while (words.length > 1 && INFIX.has(words[0])) infix.push(words.shift()!);
  if (!infix.length) return words.join(' ');
  const short = infix.length === 1 && infix[0].length <= 2 ? infix[0] : infix.map((w) => w.replace(/^'/, '')[0] + '.').join('');
  return `${short} ${words.join(' ')}`;
}

/** The label of a code in the locale; the code itself when unknown. */
export function label(codes: Code[] | undefined, code: string | null, locale: string | null | undefined): string {
  if (code === null) return '';
  const c = codes?.find((x) => x.code === code);
  return c ? (locale === 'en' ? c.en : c.nl) : code;
}

/** Stall numbers as a clerk types them ("12, 13a 14") → ids of the layout, and the unknown ones. */
export function parseStallNumbers(text: string, layout: Layout): { ids: number[]; unknown: string[] } {
  const byNumber = new Map(layout.rows.flatMap((r) => r.stalls).map((s) => [s.number.toLowerCase(), s.id]));
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const n of text.split(/[\s,;]+/).filter(Boolean)) {
    const id = byNumber.get(n.toLowerCase());
    if (id === undefined) unknown.push(n);
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids, unknown };
}

/** Stall numbers of ids in the layout, as typed back: "12, 13". */
export function stallNumbers(ids: number[], layout: Layout): string {
  const byId = new Map(layout.rows.flatMap((r) => r.stalls).map((s) => [s.id, s.number]));
  return ids.map((id) => byId.get(id) ?? String(id)).join(', ');
}

/** The next stall along a row (round the end of a circular one), or null at an obstacle or the end. */
export function nextInRow(row: Row, stallId: number): number | null {
  const ids = row.stalls.map((s) => s.id);
  const i = ids.indexOf(stallId);
  if (i < 0) return null;
  const j = i + 1 < ids.length ? i + 1 : row.circular && ids.length > 2 ? 0 : -1;
  if (j < 0) return null;
  const apart = row.obstacles.some(
    (o) => (o.beforeStallId === ids[i] && o.afterStallId === ids[j]) || (o.beforeStallId === ids[j] && o.afterStallId === ids[i]),
  );
  return apart ? null : ids[j];
}

/**
 * Where a dragged vendor lands: `n` stalls from the stall it is dropped on, along the row,
 * as far as `usable` allows (at least the stall dropped on; the core judges the result).
 */
export function runFrom(layout: Layout, stallId: number, n: number, usable: (id: number) => boolean): number[] {
  const row = layout.rows.find((r) => r.stalls.some((s) => s.id === stallId));
  const run = [stallId];
  if (!row) return run;
  while (run.length < n) {
    const next = nextInRow(row, run[run.length - 1]);
    if (next === null || run.includes(next) || !usable(next)) break;
    run.push(next);
  }
  return run;
}

/** The Amsterdam day and clock time of an instant, apart: the cut-off as "vr 27-11-2026" and "15:00". */
export function instantParts(isoUtc: string, locale: 'nl' | 'en' = 'nl'): { day: string; time: string } {
  const text = formatInstant(isoUtc, locale);
  const at = text.lastIndexOf(' ');
  return at < 0 ? { day: text, time: '' } : { day: text.slice(0, at), time: text.slice(at + 1) };
}
