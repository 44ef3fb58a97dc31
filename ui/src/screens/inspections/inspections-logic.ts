// The logic of Controles & bonnen without the screens: the presence keys of the control
// round, what differs between a permit and a control, the round a control gets, which
// status changes a ticket's page offers, how a decision reads, and the filters as the
// contract's. The core decides every one of these again; this only shapes the screens.
// Unit-tested in tests/unit/inspections.test.ts.
import type { AuditFilter, ControlRec, DayPermit, Decision, TicketFilter, TicketRow, Violation } from '$lib/backend/contract';

/** The keys of the control round: one per presence value, as the supervisor calls them. */
export const PRESENCE_KEYS: [key: string, presence: string][] = [
  ['z', 'zelf'],
  ['p', 'partner'],
  ['v', 'vervanger_met_toestemming'],
  ['x', 'vervanger_zonder_toestemming'],
  ['o', 'vervanger_met_ontheffing'],
  ['n', 'niet_aanwezig'],
];

/** The presence a key chooses (`z` `p` `v` `x` `o` `n`, either case), else null. */
export function presenceForKey(key: string): string | null {
  if (key.length !== 1) return null;
  return PRESENCE_KEYS.find(([k]) => k === key.toLowerCase())?.[1] ?? null;
}

export function keyForPresence(presence: string): string {
  return PRESENCE_KEYS.find(([, p]) => p === presence)?.[0] ?? '';
}

/** The presences that are a substitute: a control finding one asks who stood there. */
export const SUBSTITUTES = ['vervanger_met_toestemming', 'vervanger_zonder_toestemming', 'vervanger_met_ontheffing'];

/** Found at the stall: a substitute without permission, or nobody (day_view.rs: alarming). */
export function isAlarming(seen: string): boolean {
  return seen === 'vervanger_zonder_toestemming' || seen === 'niet_aanwezig';
}

export interface Difference {
  /** The presence differs: what the permit says, what was seen, and whether it is serious. */
  presence: { permit: string; seen: string; alarming: boolean } | null;
  /** Products whose pieces differ (missing keys count as 0). */
  products: { key: string; permit: number; seen: number }[];
}

/** Where a control (or a control being typed) differs from its permit. */
export function differences(
  permit: { presence: string; requested: Record<string, number> },
  control: { presence: string; products: Record<string, number> },
): Difference {
  const presence =
    control.presence && control.presence !== permit.presence
      ? { permit: permit.presence, seen: control.presence, alarming: isAlarming(control.presence) }
      : null;
  const keys = [...new Set([...Object.keys(permit.requested), ...Object.keys(control.products)])].sort();
  const products = keys
    .map((key) => ({ key, permit: permit.requested[key] ?? 0, seen: control.products[key] ?? 0 }))
    .filter((d) => d.permit !== d.seen);
  return { presence, products };
}

export function differs(d: Difference): boolean {
  return d.presence !== null || d.products.length > 0;
}

/** The round the next control of a permit gets: 1, then 2, then none. */
export function nextRound(controls: Pick<ControlRec, 'round'>[]): 1 | 2 | null {
  if (!controls.some((c) => c.round === 1)) return 1;
  if (!controls.some((c) => c.round === 2)) return 2;
  return null;
}

/** The marker of a permit's latest control in a list: none, the same, differs, alarming. */
export function controlMark(c: DayPermit['control']): 'none' | 'same' | 'differs' | 'alarming' {
  if (!c) return 'none';
  if (c.alarming) return 'alarming';
  return c.differs || c.productsDiffer ? 'differs' : 'same';
}

/** The reasons a permit is in the sample (sample.rs, SampleReason), in the order drawn. */
export const SAMPLE_REASONS = ['enforcement', 'not_in_person', 'random', 'top_up'] as const;

/** The day's permits that match a search: name, registration number (with or without the dot), stall or invoice number. */
export function searchPermits(permits: DayPermit[], query: string, limit = 8): DayPermit[] {
  const fold = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '');
  const q = fold(query.trim());
  if (!q) return [];
  return permits
    .filter((p) => !p.voidReason)
    .filter((p) => {
      const hay = fold(`${p.vendorName} ${p.registrationNumber} ${p.registrationNumber.replace('.', '')} ${p.invoiceNumber}`);
      return hay.includes(q) || p.stalls.some((s) => fold(s) === q);
    })
    .slice(0, limit);
}

// ── Tickets ─────────────────────────────────────────────────────────────────────────────

/** The stored statuses of a ticket (code.rs, TicketStatus). */
export const TICKET_STATUSES = ['draft', 'issued', 'paid', 'objection', 'upheld', 'withdrawn', 'void'] as const;

/**
 * The status changes a ticket's page offers (ticket.rs, may_transition): from draft issue;
 * from issued objection; from objection upheld or withdrawn; void from anything but paid and
 * void (a senior, with a reason). Paid is not offered: the core sets it when a payment
 * makes the fine paid in full (ticket::pay), and refuses it before.
 */
export function nextStatuses(status: string): string[] {
  const next: Record<string, string[]> = {
    draft: ['issued'],
    issued: ['objection'],
    objection: ['upheld', 'withdrawn'],
  };
  const out = [...(next[status] ?? [])];
  if (status !== 'paid' && status !== 'void') out.push('void');
  return out;
}

/** Whether the page offers a payment: a fine, issued or upheld, not paid in full. */
export function mayPay(row: Pick<TicketRow, 'status' | 'decision' | 'amountCents' | 'paidCents'>): boolean {
  return (row.status === 'issued' || row.status === 'upheld') && row.decision === 'boete' && row.paidCents < row.amountCents;
}

/** What is still to pay on a ticket. */
export function openCents(row: Pick<TicketRow, 'amountCents' | 'paidCents' | 'decision'>): number {
  return row.decision === 'boete' ? Math.max(0, row.amountCents - row.paidCents) : 0;
}

/** How a decision reads before saving: its kind, the amount and the earlier tickets behind it. */
export function decisionView(d: Decision): {
  kind: 'warning' | 'fine';
  amountCents: number;
  earlier: string[];
  /** The i18n key of the sentence that explains it. */
  why: string;
} {
  if (d.decision === 'waarschuwing') return { kind: 'warning', amountCents: 0, earlier: [], why: 'ticketForm.whyWarning' };
  return { kind: 'fine', amountCents: d.amountCents, earlier: d.earlier, why: d.earlier.length ? 'ticketForm.whyRepeat' : 'ticketForm.whyFine' };
}

/** The violations that may be written on a day: each code's latest version valid then. */
export function validViolations(all: Violation[], day: string): Violation[] {
  const byCode = new Map<string, Violation>();
  for (const v of all) {
    if (v.validFrom > day || (v.validUntil !== null && v.validUntil < day)) continue;
    const had = byCode.get(v.code);
    if (!had || had.validFrom < v.validFrom) byCode.set(v.code, v);
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code, 'nl', { numeric: true }));
}

/** A time as typed ("9.5", "0945", "9:45") as the form sends it: `09:45`; as typed when unreadable. */
export function normaliseTime(text: string): string {
  const t = text.trim();
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(t) ?? /^(\d{1,2})$/.exec(t);
  if (!m) return t;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 23 || min > 59) return t;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** The Bonnen list's filter fields as the screen holds them; status `overdue` is derived. */
export interface TicketFilterForm {
  /** '' for all, a stored status, or `overdue` (issued or upheld, unpaid, past the due date). */
  status: string;
  marketId: number | null;
  from: string;
  until: string;
}

export const NO_TICKET_FILTER: TicketFilterForm = { status: '', marketId: null, from: '', until: '' };

export function ticketFilter(f: TicketFilterForm, vendorId: number | null = null): TicketFilter {
  const overdue = f.status === 'overdue';
  return {
    status: overdue ? null : f.status || null,
    overdue,
    marketId: f.marketId,
    from: f.from.trim() || null,
    until: f.until.trim() || null,
    vendorId,
  };
}

/** The status a list shows: `overdue` over the stored one when it applies. */
export function shownStatus(row: Pick<TicketRow, 'status' | 'overdue'>): string {
  return row.overdue ? 'overdue' : row.status;
}

// ── The audit log ───────────────────────────────────────────────────────────────────────

export const AUDIT_PAGE = 100;

export interface AuditFilterForm {
  accountId: number | null;
  /** An action code or its start (`permit.`): one of AUDIT_ACTIONS, or '' for all. */
  action: string;
  /** A stored entity name (`daily_permit`): one of AUDIT_ENTITIES, or '' for all. */
  entity: string;
  from: string;
  until: string;
  text: string;
}

export const NO_AUDIT_FILTER: AuditFilterForm = { accountId: null, action: '', entity: '', from: '', until: '', text: '' };

/**
 * The form as the contract's filter. No entity id: an id is internal; the thing's number
 * (D2026-…, B2026-…, an erkenningsnummer) is in the record and found by the text.
 */
export function auditFilter(f: AuditFilterForm): AuditFilter {
  const t = (s: string) => s.trim() || null;
  return {
    accountId: f.accountId,
    action: t(f.action),
    entity: t(f.entity),
    entityId: null,
    from: t(f.from),
    until: t(f.until),
    text: t(f.text),
  };
}

/** `1–100`: the rows a page shows (empty when there are none). */
export function pageRange(offset: number, shown: number): [number, number] | null {
  return shown ? [offset + 1, offset + shown] : null;
}

/** Stored JSON, indented for reading; the text as stored when it is not JSON. */
export function prettyJson(text: string | null): string {
  if (text === null) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * The actions the audit log filters on, each with the i18n key of its label under
 * `auditAction`. The core matches the start of the code (db/audit.rs: `permit.` is every
 * permit change, `account.login` also the failed ones), so a group is its code's start and
 * a single action its whole code. The codes are the ones the core writes (audit::record).
 */
export const AUDIT_ACTIONS: { code: string; label: string; actions?: [code: string, label: string][] }[] = [
  { code: 'absence.', label: 'absence' },
  {
    code: 'account.',
    label: 'account',
    actions: [
      ['account.login', 'accountLogin'],
      ['account.login_failed', 'accountLoginFailed'],
      ['account.locked', 'accountLocked'],
    ],
  },
  { code: 'allocation.', label: 'allocation' },
  { code: 'attendance.', label: 'attendance' },
  { code: 'backup.', label: 'backup' },
  { code: 'branch.', label: 'branch' },
  { code: 'control.', label: 'control' },
  { code: 'day.close', label: 'dayClose' },
  { code: 'finance.export', label: 'financeExport' },
  { code: 'market.', label: 'market' },
  { code: 'note.', label: 'note' },
  { code: 'payment.', label: 'payment', actions: [['payment.reverse', 'paymentReverse']] },
  {
    code: 'permit.',
    label: 'permit',
    actions: [
      ['permit.issue', 'permitIssue'],
      ['permit.void', 'permitVoid'],
    ],
  },
  { code: 'registration.', label: 'registration' },
  { code: 'sample.', label: 'sample' },
  { code: 'stall.', label: 'stall' },
  { code: 'substitute.', label: 'substitute' },
  { code: 'tariff_plan.', label: 'tariffPlan' },
  { code: 'ticket.', label: 'ticket', actions: [['ticket.status', 'ticketStatus']] },
  { code: 'vendor.', label: 'vendor' },
  { code: 'violation.', label: 'violation' },
];

/**
 * What audit_log.entity holds (the core's audit::record calls; its Dutch names in
 * crates/markt/src/audit/reading.rs, entity_label). The filter matches it exactly, so the
 * field offers only these; each label is `auditEntity.<name>`.
 */
export const AUDIT_ENTITIES = [
  'absence_period',
  'account',
  'allocation',
  'attendance',
  'attendance_pattern',
  'branch',
  'control',
  'control_sample',
  'daily_permit',
  'database',
  'day_close',
  'finance_batch',
  'finance_code',
  'market',
  'market_branch',
  'market_vat_override',
  'note',
  'obstacle',
  'office',
  'payment',
  'preference',
  'product',
  'registration',
  'stall',
  'stall_row',
  'substitute',
  'tariff_kind',
  'tariff_plan',
  'ticket',
  'vat_rate',
  'vendor',
  'violation',
] as const;

export interface AuditOption {
  value: string;
  label: string;
}

/**
 * The action field's choices in the clerk's words, by group in the order of its label:
 * the group (every action of it) first, then its single actions. The value stays the code.
 */
export function auditActionOptions(t: (key: string) => string, compare: (a: string, b: string) => number): AuditOption[] {
  return AUDIT_ACTIONS.map((g) => ({ g, label: t(`auditAction.${g.label}`) }))
    .sort((a, b) => compare(a.label, b.label))
    .flatMap(({ g, label }) => [{ value: g.code, label }, ...(g.actions ?? []).map(([value, key]) => ({ value, label: t(`auditAction.${key}`) }))]);
}

/** The kind field's choices: each stored entity name by its label, in the label's order. */
export function auditEntityOptions(t: (key: string) => string, compare: (a: string, b: string) => number): AuditOption[] {
  return AUDIT_ENTITIES.map((value) => ({ value, label: t(`auditEntity.${value}`) })).sort((a, b) => compare(a.label, b.label));
}
