import { describe, expect, it } from 'vitest';
import type { JobProgress, ReportTable, Role, Session } from '../../src/lib/backend/contract';
import { chartOf, periodOrder, fileKey, importKinds, lastMonth, listKinds, marketYears, mayApply, quarters, reportKinds, reportTabs } from '../../src/screens/reports/report-logic';
import { percent } from '../../src/screens/reports/job.svelte';

/** A session with the permissions given here (the core's answer at login; no role table). */
const session = (role: Role, permissions: string[]): Session => ({ username: role, displayName: role, role, permissions });

describe('Rapporten: which tabs a session sees', () => {
  const READS = ['ReadMasterData', 'ReadVendors', 'ReadMarketDay', 'ReadFinance'];
  const FINANCE = ['ExportFinance', 'ReadMasterData', 'ReadFinance'];

  it('the finance tab with ExportFinance, the import tab with any import’s permission, export and reports with any list or report the session may read', () => {
    expect(reportTabs(session('finance', FINANCE))).toEqual(['financieel', 'exporteren', 'overzichten']);
    expect(reportTabs(session('supervisor', ['IssuePermit', 'RecordControl', ...READS]))).toEqual(['exporteren', 'overzichten']);
    expect(reportTabs(session('senior', ['ExportFinance', 'EditVendors', 'EditRegistrations', ...READS]))).toEqual(['financieel', 'exporteren', 'importeren', 'overzichten']);
    expect(reportTabs(session('admin', ['EditMarkets', ...READS]))).toEqual(['exporteren', 'importeren', 'overzichten']);
    expect(reportTabs(session('admin', ['EditMarkets']))).toEqual(['importeren']);
  });

  it('finance exports markets and permits and sees revenue and fines, never the vendor lists with their contacts', () => {
    expect(listKinds(session('finance', FINANCE))).toEqual(['markets', 'permits']);
    expect(reportKinds(session('finance', FINANCE))).toEqual(['revenue', 'tickets']);
    expect(listKinds(session('supervisor', READS))).toEqual(['vendors', 'registrations', 'markets', 'substitutes', 'permits', 'tickets', 'attendance']);
    expect(reportKinds(session('supervisor', READS))).toEqual(['revenue', 'occupancy', 'obligation', 'applicants', 'multiple', 'tickets']);
    expect(listKinds(null)).toEqual([]);
  });

  it('the imports a session may run', () => {
    expect(importKinds(session('senior', ['EditVendors', 'EditRegistrations']))).toEqual(['vendors', 'registrations', 'substitutes']);
    expect(importKinds(session('admin', ['EditVendors', 'EditRegistrations', 'EditMarkets']))).toEqual(['vendors', 'registrations', 'substitutes', 'markets']);
    expect(importKinds(session('finance', ['ExportFinance']))).toEqual([]);
    expect(importKinds(null)).toEqual([]);
  });
});

describe('Rapporten: periods', () => {
  it.each([
    ['2026-11-28', ['2026-10-01', '2026-10-31']],
    ['2026-01-05', ['2025-12-01', '2025-12-31']],
    ['2024-03-01', ['2024-02-01', '2024-02-29']],
  ])('last month of %s', (today, expected) => expect(lastMonth(today)).toEqual(expected));

  it('quarters go back across the year; market years turn in October', () => {
    expect(quarters('2026-02-10').slice(0, 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    expect(quarters('2026-12-31')[0]).toBe('2026-Q4');
    expect(marketYears('2026-09-30')[0]).toBe('2025/2026');
    expect(marketYears('2026-10-01')[0]).toBe('2026/2027');
  });

  it('percent of a job, unknown without a total', () => {
    const p = (done: number, total: number | null): JobProgress => ({ job: 'j', phase: 'x', done, total });
    expect(percent(null)).toBeNull();
    expect(percent(p(5, null))).toBeNull();
    expect(percent(p(1, 3))).toBe(33);
    expect(percent(p(9, 3))).toBe(100);
  });
});

describe('Rapporten: an import is applied only after a clean dry run of the same file', () => {
  const file = { name: 'ondernemers.csv', size: 120, lastModified: 1 };
  const key = fileKey('vendors', file);
  const clean = { kind: 'vendors', dryRun: true, encoding: 'utf8', separator: ';', lines: 1, errors: [], ignoredColumns: [], added: ['x'], changed: [], unchanged: [], applied: false } as const;
  it.each([
    ['clean and the same file', clean, key, key, true],
    ['no dry run yet', null, null, key, false],
    ['another file chosen since', clean, key, fileKey('vendors', { ...file, lastModified: 2 }), false],
    ['another kind chosen since', clean, key, fileKey('registrations', file), false],
    ['a bad line', { ...clean, errors: [{ line: 2, column: 'Achternaam', reason: 'verplicht veld' }] }, key, key, false],
    ['an unreadable file', { ...clean, encoding: null }, key, key, false],
  ])('%s', (_what, dry, checked, current, expected) => {
    expect(mayApply(dry as never, checked, current)).toBe(expected);
  });
});

describe('Rapporten: charts from the report tables', () => {
  const t = (columns: string[], rows: ReportTable['rows']): ReportTable => ({
    title: 't',
    subtitle: 's',
    columns: columns.map((key) => ({ key, nl: key, numeric: false })),
    rows,
    totals: null,
  });
  const text = (v: string) => ({ t: 'text' as const, v });

  it('revenue stacks euros by tariff kind per period, split by market, periods in time order', () => {
    const spec = chartOf(
      'revenue',
      t(
        ['market', 'period', 'tariff_kind', 'incl'],
        [
          [text('AC'), text('okt 2026'), text('meters'), { t: 'money', cents: 10050 }],
          [text('AC'), text('jan 2027'), text('elektra'), { t: 'money', cents: 250 }],
          [text('DAP'), text('aug 2026'), text('meters'), { t: 'money', cents: 1000 }],
        ],
      ),
    )!;
    expect(spec).toMatchObject({ type: 'bar', stacked: true, unit: 'euro', labels: ['aug 2026', 'okt 2026', 'jan 2027'] });
    expect(spec.datasets).toEqual([
      { label: 'AC · elektra', data: [0, 0, 2.5] },
      { label: 'AC · meters', data: [0, 100.5, 0] },
      { label: 'DAP · meters', data: [10, 0, 0] },
    ]);
    // One market: the kinds alone.
    const one = chartOf('revenue', t(['market', 'period', 'tariff_kind', 'incl'], [[text('AC'), text('week 36'), text('reiniging'), { t: 'money', cents: 100 }]]))!;
    expect(one.datasets.map((d) => d.label)).toEqual(['reiniging']);
  });

  it('periods sort by time: months, weeks with and without their year, days', () => {
    const sorted = (xs: string[]) => [...xs].sort((a, b) => {
      const [x, y] = [periodOrder(a), periodOrder(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
    });
    expect(sorted(['sep 2026', 'aug 2026', 'jan 2027', 'mei 2026'])).toEqual(['mei 2026', 'aug 2026', 'sep 2026', 'jan 2027']);
    expect(sorted(['week 10', 'week 9', 'week 36'])).toEqual(['week 9', 'week 10', 'week 36']);
    expect(sorted(['week 1 2027', 'week 53 2026'])).toEqual(['week 53 2026', 'week 1 2027']);
  });

  it('the obligation counts met and not met per market; nothing to draw without rows', () => {
    const yes = { t: 'bool' as const, v: true };
    const no = { t: 'bool' as const, v: false };
    const spec = chartOf('obligation', t(['market', 'met'], [[text('AC'), yes], [text('AC'), no], [text('NOM'), yes]]))!;
    expect(spec.labels).toEqual(['AC', 'NOM']);
    expect(spec.datasets.map((d) => d.data)).toEqual([
      [1, 1],
      [1, 0],
    ]);
    expect(chartOf('occupancy', t(['market'], []))).toBeNull();
  });
});
