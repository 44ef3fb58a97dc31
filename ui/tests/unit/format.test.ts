import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatCount,
  formatAmount,
  formatDate,
  formatDay,
  formatInstant,
  formatLongDay,
  formatMoney,
  formatSeasonDay,
  formatWeekdays,
  weekdayCode,
  parseDate,
} from '../../src/lib/format';

describe('money from integer cents', () => {
  const cases: [number, string][] = [
    [0, '€ 0,00'],
    [5, '€ 0,05'],
    [246, '€ 2,46'],
    [99_900, '€ 999,00'],
    [123_456, '€ 1.234,56'],
    [100_000_000, '€ 1.000.000,00'],
    [-5, '€ -0,05'],
    [-123_456, '€ -1.234,56'],
  ];
  it.each(cases)('%d cents is %s (as the core shows it)', (cents, text) => expect(formatMoney(cents)).toBe(text));
  it('an amount as a clerk types it, without the sign', () => {
    expect(formatAmount(246)).toBe('2,46');
    expect(formatAmount(125_100)).toBe('1.251,00');
  });
});

describe('days and weekdays', () => {
  it('an ISO day with its Dutch weekday', () => {
    expect(formatDay('2026-11-28')).toBe('za 28-11-2026');
    expect(formatDay('2026-03-02')).toBe('ma 02-03-2026');
    expect(formatDay('2026-11-28', 'en')).toBe('Sat 28-11-2026');
    expect(formatDate('2026-01-05')).toBe('05-01-2026');
    expect(formatDay(null)).toBe('');
  });
  it('the weekday code of a day, every day of a week', () => {
    const week = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'];
    week.forEach((code, i) => expect(weekdayCode(addDays('2026-11-23', i))).toBe(code));
  });
  it('market days in week order', () => {
    expect(formatWeekdays(['za', 'ma', 'wo'])).toBe('ma, wo, za');
    expect(formatWeekdays(['zo'], 'en')).toBe('Sun');
  });
  it('a long day for the Vandaag screen', () => {
    expect(formatLongDay('2026-11-28')).toBe('zaterdag 28 november 2026');
    expect(formatLongDay('2026-11-28', 'en')).toBe('Saturday 28 November 2026');
  });
  it('adding days crosses months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('instants in Europe/Amsterdam', () => {
  it('winter time is UTC+1', () => expect(formatInstant('2026-11-28T13:05:00Z')).toBe('za 28-11-2026 14:05'));
  it('summer time is UTC+2', () => expect(formatInstant('2026-07-01T22:30:00Z')).toBe('do 02-07-2026 00:30'));
  it('the night the clocks go back', () => {
    expect(formatInstant('2026-10-25T00:30:00Z')).toBe('zo 25-10-2026 02:30');
    expect(formatInstant('2026-10-25T01:30:00Z')).toBe('zo 25-10-2026 02:30');
  });
});

describe('parseDate: what clerks type', () => {
  const today = '2026-11-28';
  it.each([
    ['28-11-2026', '2026-11-28'],
    ['28-11-26', '2026-11-28'],
    ['28/11/2026', '2026-11-28'],
    ['28.11.2026', '2026-11-28'],
    ['1-3-2027', '2027-03-01'],
    ['28-11', '2026-11-28'],
    ['281126', '2026-11-28'],
    ['28112026', '2026-11-28'],
    ['2026-11-28', '2026-11-28'],
    [' 29-02-2028 ', '2028-02-29'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text, today)).toBe(iso);
  });
  it.each(['', '31-11-2026', '29-02-2027', '11/28/2026', 'morgen', '28-13-2026', '2026-13-01'])('refuses %s', (text) => {
    expect(parseDate(text, today)).toBeNull();
  });
});

describe('formatCount', () => {
  it.each([
    [7, '7'],
    [999, '999'],
    [1000, '1.000'],
    [111427, '111.427'],
    [-1234, '-1.234'],
    [1234567, '1.234.567'],
  ])('%d reads %s', (n, expected) => expect(formatCount(n)).toBe(expected));

  it('reads a season bound as a date', () => {
    expect(formatSeasonDay('04-01')).toBe('1 apr');
    expect(formatSeasonDay('10-31')).toBe('31 okt');
    expect(formatSeasonDay('12-24', 'en')).toBe('24 Dec');
    expect(formatSeasonDay('13-01'), 'no month 13: as typed').toBe('13-01');
    expect(formatSeasonDay('april')).toBe('april');
  });
});
