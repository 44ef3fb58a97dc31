// Small rules of the day screens, kept out of the components so they are unit-tested.
import type { AttendanceRow, DayView } from '$lib/backend/contract';

/** From this many permits on, the day view's table renders only the rows in view. */
export const VIRTUAL_FROM = 300;

/** Received minus due: zero on a day whose books balance; positive is money too much. */
export function balance(v: Pick<DayView, 'totalCents' | 'dueCents'>): number {
  return v.totalCents - v.dueCents;
}

/**
 * The live difference of the day close: counted cash (typed, "1.234,50") minus the cash
 * expected. Null while the text is not an amount; the core parses it again when closing.
 */
export function cashDifference(typed: string, expectedCents: number): number | null {
  const cents = parseTypedMoney(typed);
  return cents === null ? null : cents - expectedCents;
}

/** Dutch money as a clerk types it: "12", "12,5", "1.234,50", "€ 3,00". Null otherwise. */
export function parseTypedMoney(text: string): number | null {
  let t = text.trim().replace(/^€\s*/, '');
  if (!t) return null;
  const neg = t.startsWith('-');
  if (neg) t = t.slice(1);
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const cents = Number(m[1].replace(/\./g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return neg ? -cents : cents;
}

export type AttendanceFilter = 'alle' | 'komt' | 'komt_niet' | 'sollicitanten';

export function filterAttendance(rows: AttendanceRow[], filter: AttendanceFilter, query = ''): AttendanceRow[] {
  const q = query
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  return rows.filter((r) => {
    if (filter === 'komt' && !r.comes) return false;
    if (filter === 'komt_niet' && r.comes) return false;
    if (filter === 'sollicitanten' && r.status !== 'soll') return false;
    if (!q) return true;
    const hay = `${r.name} ${r.registrationNumber} ${r.registrationNumber.replace('.', '')} ${r.listNumber}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '');
    return hay.includes(q);
  });
}
