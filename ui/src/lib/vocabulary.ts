// The values the screens offer for the commands' free-text kinds (a document, a list, a
// report, an import, a CSV dialect). The contract carries these as strings and the core
// checks each (an unknown one is a field error): this is only what the pickers list.

/** The CSV dialects: `nl` (`;` and decimal comma, for Excel in Dutch) or `rfc` (`,` and point). */
export type Dialect = 'nl' | 'rfc';

/** The documents the core prints as PDF (reports.md, inspections.md). */
export type DocumentKind = 'daily-list' | 'permit-list' | 'day-close' | 'week-list' | 'ab-list' | 'barcodes' | 'receipt' | 'ticket';

export type ListKind = 'vendors' | 'registrations' | 'markets' | 'substitutes' | 'permits' | 'tickets' | 'attendance';

/** The lists of a period (a day is a period of one day); the rest are the master data now. */
export const PERIOD_LISTS: ListKind[] = ['permits', 'tickets', 'attendance'];
/** The lists that can be limited to markets. */
export const MARKET_LISTS: ListKind[] = ['registrations', 'markets', 'permits', 'tickets', 'attendance'];

export type ImportKind = 'markets' | 'vendors' | 'registrations' | 'substitutes';

export type ReportKind = 'obligation' | 'applicants' | 'multiple' | 'occupancy' | 'revenue' | 'tickets';
