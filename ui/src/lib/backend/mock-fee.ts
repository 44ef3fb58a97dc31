// The fee engine of shared/domain/fees.md, for the mock backend only (the real one is the
// core's `fee` module). Money in cents; VAT percentages in hundredths of a percent.
import type { Quote, QuoteLine } from './types';

export interface FeeKind {
  id: number;
  label: string;
  unit: string; // meters | meters_large | meters_small | meters_total | item | once
  /** VAT percentage on the market day, in hundredths (2100 = 21 %). */
  vatBp: number;
}

export interface FeeProduct {
  key: string;
  unit: string; // meters | meters_large | meters_small | item | once
  factor: number;
  kindId: number | null;
  always: boolean;
}

export interface FeeInput {
  plan: string;
  ignoreFixed: boolean;
  rates: Map<number, number>; // kind id -> cents
  kinds: FeeKind[];
  products: FeeProduct[];
  fixedStatus: boolean; // the registration status is "vast"
  fixed: Record<string, number>;
  requested: Record<string, number>;
}

const METRE_UNITS = ['meters', 'meters_large', 'meters_small'];

/** quantity × price × percent / 100, rounded to cents half away from zero. */
export function vatOf(quantity: number, priceCents: number, bp: number): number {
  const n = quantity * priceCents * bp;
  const sign = n < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(n) + 5000) / 10000);
}

export function percentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  if (frac === 0) return String(whole);
  return `${whole},${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

export function computeQuote(input: FeeInput): Quote {
  const useFixed = input.fixedStatus && !input.ignoreFixed;
  const fixed = (key: string) => (useFixed ? (input.fixed[key] ?? 0) : 0);
  const requested = (key: string) => input.requested[key] ?? 0;
  const lines: QuoteLine[] = [];

  const line = (label: string, quantity: number, price: number, bp: number) => {
    if (quantity < 1) return;
    const excl = quantity * price;
    const vat = vatOf(quantity, price, bp);
    lines.push({
      label,
      fixed: price === 0 && label.endsWith(' (vast)'),
      quantity,
      priceCents: price,
      vatPercent: percentText(bp),
      exclCents: excl,
      vatCents: vat,
      inclCents: excl + vat,
    });
  };
  const vastLine = (label: string, quantity: number) => line(`${label} (vast)`, quantity, 0, 0);

  const sum = (units: string[], of: (key: string) => number) =>
    input.products.filter((p) => units.includes(p.unit)).reduce((s, p) => s + of(p.key) * p.factor, 0);

  for (const kind of input.kinds) {
    const rate = input.rates.get(kind.id) ?? 0;
    if (rate < 1) continue;
    if (METRE_UNITS.includes(kind.unit) || kind.unit === 'meters_total') {
      const units = kind.unit === 'meters_total' ? METRE_UNITS : [kind.unit];
      const total = sum(units, requested);
      const paid = Math.min(sum(units, fixed), total);
      vastLine(kind.label, paid);
      line(kind.label, total - paid, rate, kind.vatBp);
    } else if (kind.unit === 'item') {
      for (const p of input.products.filter((p) => p.unit === 'item' && p.kindId === kind.id)) {
        const paid = Math.min(fixed(p.key), requested(p.key));
        vastLine(kind.label, paid * p.factor);
        line(kind.label, (requested(p.key) - paid) * p.factor, rate, kind.vatBp);
      }
    } else if (kind.unit === 'once') {
      for (const p of input.products.filter((p) => p.unit === 'once' && p.kindId === kind.id)) {
        if ((p.always || requested(p.key) > 0) && fixed(p.key) < 1) line(kind.label, 1, rate, kind.vatBp);
      }
    }
  }
  lines.sort((a, b) => {
    const x = a.label.toLowerCase();
    const y = b.label.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return {
    plan: input.plan,
    lines,
    totalExclCents: lines.reduce((s, l) => s + l.exclCents, 0),
    totalVatCents: lines.reduce((s, l) => s + l.vatCents, 0),
    totalInclCents: lines.reduce((s, l) => s + l.inclCents, 0),
  };
}
