// The counter's logic without the screen: telling a barcode scanner from a person, the
// payment keys, and the form's state as the contract's PermitForm. Unit-tested.
import type { Counter, CounterWarning, PermitDetail, PermitForm } from '$lib/backend/contract';

export type Method = PermitForm['payment'];
export type IdentifiedBy = PermitForm['identifiedBy'];

/** A scanner (a keyboard wedge) types faster than any person: every gap under this. */
export const SCAN_GAP_MS = 30;
/** Fewer characters than this are never taken for a scan (a quick double tap is not one). */
export const SCAN_MIN_CHARS = 4;

/**
 * Whether keystrokes at `times` (ms, one per character) followed by Enter at `enter` came
 * from a scanner: at least SCAN_MIN_CHARS characters, each gap and the gap to Enter under
 * SCAN_GAP_MS.
 */
export function looksScanned(times: readonly number[], enter: number, gap = SCAN_GAP_MS): boolean {
  if (times.length < SCAN_MIN_CHARS) return false;
  const all = [...times, enter];
  for (let i = 1; i < all.length; i++) if (all[i] - all[i - 1] >= gap) return false;
  return true;
}

/** Records the vendor field's keystrokes; a field emptied or edited by hand starts over. */
export class ScanDetector {
  private times: number[] = [];

  /** A character typed at `t`. Characters typed after a pause start a new burst. */
  key(t: number): void {
    const last = this.times[this.times.length - 1];
    if (last !== undefined && t - last >= SCAN_GAP_MS) this.times = [];
    this.times.push(t);
  }

  reset(): void {
    this.times = [];
  }

  /** Enter at `t`: was the text a scan? Starts over either way. */
  enter(t: number, textLength: number): boolean {
    // The burst must be the whole text: a person typing "1957" slowly and scanning the rest
    // is not a scan of the whole number.
    const scanned = this.times.length >= textLength && looksScanned(this.times, t);
    this.times = [];
    return scanned;
  }
}

/** p, c and r switch the payment method while the clerk is not typing in a text field. */
export function methodForKey(key: string): Method | null {
  switch (key.toLowerCase()) {
    case 'p':
      return 'pin';
    case 'c':
      return 'contant';
    case 'r':
      return 'op_rekening';
    default:
      return null;
  }
}

export const METHOD_KEYS: [Method, string][] = [
  ['pin', 'p'],
  ['contant', 'c'],
  ['op_rekening', 'r'],
];

/** Digits (with a dot or spaces) look a registration number up; anything else searches names. */
export function lookupKind(text: string, scanned: boolean): 'number' | 'name' {
  const t = text.trim();
  if (scanned) return 'number';
  return /^[\d.\s]+$/.test(t) ? 'number' : 'name';
}

export const SUBSTITUTE_PRESENCES = ['vervanger_met_toestemming', 'vervanger_zonder_toestemming', 'vervanger_met_ontheffing'];

export function isSubstitutePresence(presence: string): boolean {
  return SUBSTITUTE_PRESENCES.includes(presence);
}

/** What the clerk edits on the counter. */
export interface CounterForm {
  presence: string;
  substituteId: number | null;
  products: Record<string, number>;
  stalls: string;
  payment: Method;
  note: string;
  overrideReason: string;
}

/** "12, 13a 14" → ["12", "13a", "14"]. */
export function parseStalls(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The form as the counter opens it: presence zelf, pin, products and stalls prefilled. */
export function initialForm(c: Counter): CounterForm {
  // The day's allocation first; without one, a fixed holder stands on the fixed stalls.
  const stalls = c.allocationState ? c.allocated : (c.registration?.stallNumbers ?? []);
  return {
    presence: 'zelf',
    substituteId: null,
    products: { ...c.requested },
    stalls: stalls.join(', '),
    payment: 'pin',
    note: '',
    overrideReason: '',
  };
}

/** A correction starts from the permit it replaces. */
export function formFromPermit(d: PermitDetail): CounterForm {
  const method = d.payments.find((p) => p.reversesId === null)?.method;
  return {
    presence: d.permit.presence,
    substituteId: d.substituteId,
    products: { ...d.requested },
    stalls: d.permit.stalls.join(', '),
    payment: method === 'contant' || method === 'op_rekening' ? method : 'pin',
    note: d.note,
    overrideReason: '',
  };
}

/** Whether a warning asks for an override reason before saving. */
export function needsReason(warnings: readonly CounterWarning[]): boolean {
  return warnings.some((w) => w.needsReason);
}

export interface FormContext {
  marketId: number;
  day: string;
  vendorId: number;
  identifiedBy: IdentifiedBy;
  /** Whether the override reason is asked for (a warning needs it). */
  reasonAsked: boolean;
  /** The day the clerk confirmed, for a permit on another day than today. */
  confirmedDay?: string | null;
}

/** The contract's PermitForm: zero quantities left out, stalls split, the substitute only
 *  with a substitute presence, the reason only when it is asked for. */
export function toPermitForm(f: CounterForm, ctx: FormContext): PermitForm {
  const requested: Record<string, number> = {};
  for (const [key, n] of Object.entries(f.products)) if (n !== 0) requested[key] = n;
  const reason = f.overrideReason.trim();
  return {
    marketId: ctx.marketId,
    day: ctx.day,
    vendorId: ctx.vendorId,
    presence: f.presence,
    substituteId: isSubstitutePresence(f.presence) ? f.substituteId : null,
    identifiedBy: ctx.identifiedBy,
    requested,
    stalls: parseStalls(f.stalls),
    note: f.note.trim(),
    payment: f.payment,
    overrideReason: ctx.reasonAsked && reason ? reason : null,
    confirmedDay: ctx.confirmedDay ?? null,
  };
}

/** A product's count after + or − (never below zero, never above the core's 100). */
export function step(n: number | undefined, by: number): number {
  return Math.max(0, Math.min(100, (n ?? 0) + by));
}

/** Money still open on a permit: what its lines come to minus what was paid. */
export function openAmount(dueCents: number, paidCents: number): number {
  return dueCents - paidCents;
}
