// Every piece of money and date formatting of the UI. Money arrives as integer cents,
// days as ISO dates ("2026-11-28"), instants as ISO UTC strings shown in Europe/Amsterdam.

export type Locale = 'nl' | 'en';

const WEEKDAY_CODES = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'] as const;
const WEEKDAY_SHORT: Record<Locale, string[]> = {
  nl: ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const WEEKDAY_LONG: Record<Locale, string[]> = {
  nl: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const MONTHS: Record<Locale, string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
/**
 * A season bound as a date: "04-01" → "1 apr" (nl) or "1 Apr" (en); text that is no
 * MM-DD is shown as it is.
 */
export function formatSeasonDay(mmdd: string, locale: Locale = 'nl'): string {
  const m = /^(\d{2})-(\d{2})$/.exec(mmdd);
  const month = m ? MONTHS[locale][Number(m[1]) - 1] : undefined;
  return m && month ? `${Number(m[2])} ${month.slice(0, 3)}` : mmdd;
}

/** The order of the domain's weekday codes, Monday first. */
export const WEEK: string[] = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'];

function groupThousands(n: bigint): string {
  const s = n.toString();
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** `1.234,56`, `-0,05`: Dutch notation without the euro sign (also what a clerk types). */
export function formatAmount(cents: number): string {
  const c = BigInt(Math.trunc(cents));
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${groupThousands(a / 100n)},${(a % 100n).toString().padStart(2, '0')}`;
}

/** `€ 1.234,56`, `€ -0,05` (as the core's `Cents` displays). */
export function formatMoney(cents: number): string {
  return `€ ${formatAmount(cents)}`;
}

function parts(iso: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function dayIndex(iso: string): number {
  const p = parts(iso);
  if (!p) return -1;
  return new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay();
}

/** The domain's weekday code of an ISO day: "2026-11-28" → "za". */
export function weekdayCode(iso: string): string {
  const i = dayIndex(iso);
  return i < 0 ? '' : WEEKDAY_CODES[i];
}

/** `28-11-2026`. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(iso);
  if (!p) return iso;
  return `${String(p[2]).padStart(2, '0')}-${String(p[1]).padStart(2, '0')}-${p[0]}`;
}

/** `za 28-11-2026` (English: `Sat 28-11-2026`). */
export function formatDay(iso: string | null | undefined, locale: Locale = 'nl'): string {
  if (!iso) return '';
  const i = dayIndex(iso);
  if (i < 0) return iso;
  return `${WEEKDAY_SHORT[locale][i]} ${formatDate(iso)}`;
}

/** `zaterdag 28 november 2026`. */
export function formatLongDay(iso: string, locale: Locale = 'nl'): string {
  const p = parts(iso);
  if (!p) return iso;
  const wd = WEEKDAY_LONG[locale][dayIndex(iso)];
  return locale === 'nl' ? `${wd} ${p[2]} ${MONTHS.nl[p[1] - 1]} ${p[0]}` : `${wd} ${p[2]} ${MONTHS.en[p[1] - 1]} ${p[0]}`;
}

/** A weekday code as a short label: "za" → "za" / "Sat". */
export function formatWeekday(code: string, locale: Locale = 'nl'): string {
  const i = WEEKDAY_CODES.indexOf(code as (typeof WEEKDAY_CODES)[number]);
  return i < 0 ? code : WEEKDAY_SHORT[locale][i];
}

/** Market days in week order: ["za", "ma"] → "ma, za". */
export function formatWeekdays(codes: string[] | null | undefined, locale: Locale = 'nl'): string {
  if (!codes) return '';
  return WEEK.filter((w) => codes.includes(w))
    .map((w) => formatWeekday(w, locale))
    .join(', ');
}

const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO UTC instant in Europe/Amsterdam: `za 28-11-2026 14:05`. */
export function formatInstant(isoUtc: string | null | undefined, locale: Locale = 'nl'): string {
  if (!isoUtc) return '';
  const t = new Date(isoUtc);
  if (Number.isNaN(t.getTime())) return isoUtc;
  const get = (type: string) => AMSTERDAM.formatToParts(t).find((p) => p.type === type)?.value ?? '';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  return `${formatDay(day, locale)} ${get('hour')}:${get('minute')}`;
}

/** `8,5` for 8.5; whole numbers without decimals. */
export function formatNumber(n: number): string {
  return String(n).replace('.', ',');
}

/** A count as Dutch readers read it: `111.427`, `-1.234`, `7`. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** The wall-clock time in Amsterdam of an instant (default: now), as `14:05`. */
export function formatClock(at: Date | string = new Date()): string {
  const t = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(t.getTime())) return '';
  const get = (type: string) => AMSTERDAM.formatToParts(t).find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')}`;
}

/** A file size: `812 B`, `48,3 kB`, `12,6 MB` (1 kB = 1024 bytes). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${(Math.round(v * 10) / 10).toFixed(1).replace('.', ',')} ${units[i]}`;
}

/** The ISO day `n` days after `iso`. */
export function addDays(iso: string, n: number): string {
  const p = parts(iso);
  if (!p) return iso;
  const d = new Date(Date.UTC(p[0], p[1] - 1, p[2] + n));
  return d.toISOString().slice(0, 10);
}

/**
 * What a clerk types as a date, as an ISO day: `28-11-2026`, `28-11-26`, `28/11/2026`,
 * `28.11.2026`, `28-11` (this year of `today`), `2811` … or an ISO day as is. `null` when it
 * is not a real date. Dutch order only: day, month, year.
 */
export function parseDate(text: string, today?: string): string | null {
  const t = text.trim();
  if (!t) return null;
  let d: number, m: number, y: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const nl = /^(\d{1,2})[-/. ](\d{1,2})(?:[-/. ](\d{2}|\d{4}))?$/.exec(t);
  const compact = /^(\d{2})(\d{2})(\d{2}|\d{4})?$/.exec(t);
  const thisYear = Number((today ?? new Date().toISOString()).slice(0, 4));
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (nl || compact) {
    const g = (nl ?? compact)!;
    d = Number(g[1]);
    m = Number(g[2]);
    y = g[3] === undefined ? thisYear : g[3].length === 2 ? 2000 + Number(g[3]) : Number(g[3]);
  } else {
    return null;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

// ── Rapporten ────────────────────────────────────────────────────────────────────────────

/** A report's cell as shown: money `€ 1.234,56`, dates `28-11-2026`, percentages `81,5 %`,
 * yes/no in the UI's language. `yes`/`no` come from i18n (formatting, not wording, lives here). */
export function formatCell(
  cell: { t: string; v?: unknown; cents?: number; hundredths?: number },
  locale: Locale = 'nl',
  words: { yes: string; no: string } = { yes: 'ja', no: 'nee' },
): string {
  switch (cell.t) {
    case 'text':
      return String(cell.v ?? '');
    case 'int':
      return String(cell.v ?? '');
    case 'money':
      return formatMoney(cell.cents ?? 0);
    case 'percent':
      return formatPercent(cell.hundredths ?? 0);
    case 'date':
      return formatDate(String(cell.v ?? ''));
    case 'instant':
      return formatInstant(String(cell.v ?? ''), locale);
    case 'bool':
      return cell.v ? words.yes : words.no;
    default:
      return '';
  }
}

/** `81,5 %` for 8150 hundredths of a percent. */
export function formatPercent(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const frac = Math.abs(hundredths % 100);
  const text = frac === 0 ? String(whole) : frac % 10 === 0 ? `${whole},${frac / 10}` : `${whole},${String(frac).padStart(2, '0')}`;
  return `${text} %`;
}

/** A chart's axis: whole euros `€ 1.234` for money in euros. */
export function formatEuros(euros: number): string {
  return `€ ${groupThousands(BigInt(Math.round(euros)))}`;
}
