import { describe, expect, it } from 'vitest';
import { createMockBackend } from '../../src/lib/backend/mock';
import { mockEvents } from '../../src/lib/backend/mock-reports';
import type { AppError, JobProgress, ReportTable, Session } from '../../src/lib/backend/types';
import { chartOf, fileKey, lastMonth, marketYears, mayApply, quarters, reportTabs } from '../../src/screens/reports/report-logic';
import { percent } from '../../src/screens/reports/job.svelte';

const ACCOUNTS = {
  beheer: 'beheer-2026',
  medewerker: 'marktbureau-2026',
  toezicht: 'toezicht-2026',
  financien: 'financien-2026',
} as const;

async function as(username: keyof typeof ACCOUNTS) {
  const b = createMockBackend({ jobStepMs: 1 });
  const session = await b.login({ username, password: ACCOUNTS[username] });
  return { b, session };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

const bytes = (text: string) => [...new TextEncoder().encode(text)];

describe('Rapporten: which tabs a role sees', () => {
  it('finance exports and reads; the supervisor imports nothing; the senior everything', async () => {
    const tabs = async (u: keyof typeof ACCOUNTS) => reportTabs((await as(u)).session as Session);
    expect(await tabs('financien')).toEqual(['financieel', 'exporteren', 'overzichten']);
    expect(await tabs('toezicht')).toEqual(['exporteren', 'overzichten']);
    expect(await tabs('medewerker')).toEqual(['financieel', 'exporteren', 'importeren', 'overzichten']);
    expect(await tabs('beheer')).toEqual(['financieel', 'exporteren', 'importeren', 'overzichten']);
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

  it('revenue stacks euros by tariff kind per period', () => {
    const spec = chartOf(
      'revenue',
      t(
        ['market', 'period', 'tariff_kind', 'incl'],
        [
          [text('AC'), text('2026-10'), text('meters'), { t: 'money', cents: 10050 }],
          [text('DAP'), text('2026-10'), text('meters'), { t: 'money', cents: 1000 }],
          [text('AC'), text('2026-11'), text('elektra'), { t: 'money', cents: 250 }],
        ],
      ),
    )!;
    expect(spec).toMatchObject({ type: 'bar', stacked: true, unit: 'euro', labels: ['2026-10', '2026-11'] });
    expect(spec.datasets).toEqual([
      { label: 'elektra', data: [0, 2.5] },
      { label: 'meters', data: [110.5, 0] },
    ]);
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

describe('the mock finance export', () => {
  it('exports a line once, reruns a batch as it was, reports progress', async () => {
    const { b } = await as('financien');
    const seen: JobProgress[] = [];
    const stop = await mockEvents.onProgress((p) => seen.push(p));
    // The mock made the batches of September and October already.
    const request = { from: '2026-11-01', until: '2026-11-27', marketIds: [], dialect: 'nl' as const };
    const before = (await b.financeBatches()).map((x) => x.number);
    const first = await b.financeExport({ request, job: 'j1' });
    stop();
    expect(first.batch.lines).toBeGreaterThan(0);
    expect(first.file.fileName).toBe(`factuurdetail-batch-${String(first.batch.number).padStart(4, '0')}.csv`);
    expect(seen.some((p) => p.job === 'j1' && p.total !== null && p.done === p.total)).toBe(true);
    const second = await b.financeExport({ request, job: 'j2' });
    expect(second.batch.number).toBe(first.batch.number + 1);
    expect(second.batch.lines, 'the same period again: nothing new').toBe(0);
    const again = await b.rerunBatch({ number: first.batch.number, job: 'j3' });
    expect(again.batch).toEqual(first.batch);
    expect((await b.financeBatches()).map((x) => x.number)).toEqual([second.batch.number, first.batch.number, ...before]);
  });

  it('a cancelled export stores nothing; a period the wrong way round names both fields', async () => {
    const { b } = await as('financien');
    const request = { from: '2026-11-01', until: '2026-11-27', marketIds: [], dialect: 'nl' as const };
    const before = await b.financeBatches();
    const running = b.financeExport({ request, job: 'slow' });
    await new Promise((r) => setTimeout(r, 5));
    expect(await b.cancelJob({ job: 'slow' })).toBe(true);
    expect((await rejection(running)).code).toBe('cancelled');
    expect(await b.financeBatches()).toEqual(before);
    expect(await b.cancelJob({ job: 'slow' }), 'an ended job is gone').toBe(false);
    const wrong = await rejection(b.financeExport({ request: { ...request, from: '2026-11-20', until: '2026-11-02' }, job: 'j' }));
    expect(wrong.code).toBe('invalid');
    expect(wrong.fields.map((f) => f.field)).toContain('until');
  });

  it('is refused to a supervisor', async () => {
    const { b } = await as('toezicht');
    const request = { from: '2026-10-01', until: '2026-10-31', marketIds: [], dialect: 'nl' as const };
    expect((await rejection(b.financeExport({ request, job: 'j' }))).code).toBe('forbidden');
  });
});

describe('the mock import', () => {
  const header = 'Erkenningsnummer;Voorletters;Achternaam;E-mail\n';

  it('a dry run names every bad line with its line and column, and stores nothing', async () => {
    const { b } = await as('medewerker');
    const file = header + '2001010101;A.;Jansen;a@b.nl\nabc;B.;Pietersen;x\n2001010101;C.;;\n';
    const dry = await b.runImport({ kind: 'vendors', bytes: bytes(file), dryRun: true, job: 'i1' });
    expect(dry.separator).toBe(';');
    expect(dry.lines).toBe(3);
    expect(dry.errors.map((e) => `${e.line}:${e.column}`)).toEqual(['3:Erkenningsnummer', '3:E-mail', '4:Erkenningsnummer']);
    expect(dry.applied).toBe(false);
    const applied = await b.runImport({ kind: 'vendors', bytes: bytes(file), dryRun: false, job: 'i2' });
    expect(applied.applied, 'a file with bad lines is never applied').toBe(false);
    expect((await b.searchVendors({ query: 'Jansen', offset: 0, limit: 50 })).items.some((v) => v.registrationNumber === '2001010101')).toBe(false);
  });

  it('a clean file is applied and says what was added', async () => {
    const { b } = await as('medewerker');
    const file = header + '2001010101;A.;Jansen-Testimport;a@b.nl\n';
    const dry = await b.runImport({ kind: 'vendors', bytes: bytes(file), dryRun: true, job: 'i1' });
    expect(dry.errors).toEqual([]);
    expect(dry.added).toEqual(['20010101.01']);
    const applied = await b.runImport({ kind: 'vendors', bytes: bytes(file), dryRun: false, job: 'i2' });
    expect(applied).toMatchObject({ applied: true, added: ['20010101.01'] });
    const found = await b.searchVendors({ query: 'Jansen-Testimport', offset: 0, limit: 50 });
    expect(found.items.length).toBe(1);
  });

  it('a missing column is a line-1 error', async () => {
    const { b } = await as('medewerker');
    const dry = await b.runImport({ kind: 'vendors', bytes: bytes('Voorletters;E-mail\nA.;a@b.nl\n'), dryRun: true, job: 'i' });
    expect(dry.errors.map((e) => e.line)).toEqual([1, 1]);
    expect(dry.errors[0].reason).toMatch(/Erkenningsnummer/);
  });
});

describe('the mock reports', () => {
  it('every report answers a table whose totals match its columns, and saves CSV and PDF', async () => {
    const { b } = await as('financien');
    const requests = [
      { report: 'obligation' as const, marketIds: [], quarter: '2026-Q3' },
      { report: 'applicants' as const, marketIds: [], year: '2025/2026' },
      { report: 'multiple' as const, marketIds: [], from: '2026-10-01', until: '2026-10-31' },
      { report: 'occupancy' as const, marketIds: [], from: '2026-10-01', until: '2026-10-31', by: 'week' as const },
      { report: 'revenue' as const, marketIds: [], from: '2026-09-01', until: '2026-10-31', by: 'month' as const, split: 'method' as const },
      { report: 'tickets' as const, marketIds: [], from: '2026-10-01', until: '2026-10-31' },
    ];
    for (const request of requests) {
      const t = await b.reportFigures({ request });
      expect(t.title.length, request.report).toBeGreaterThan(5);
      for (const r of t.rows) expect(r.length, request.report).toBe(t.columns.length);
      if (t.totals) expect(t.totals.length, request.report).toBe(t.columns.length);
      const pdf = await b.reportPdf({ request });
      expect(pdf.fileName).toMatch(/^overzicht-[a-z0-9-]+\.pdf$/);
      const csv = await b.reportCsv({ request, dialect: 'rfc' });
      expect(csv.fileName).toMatch(/-rfc\.csv$/);
      await b.openFile({ path: pdf.path });
    }
    expect((await rejection(b.openFile({ path: '/etc/passwd' }))).code).toBe('not_found');
  });
});
