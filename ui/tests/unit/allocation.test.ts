import { describe, expect, it } from 'vitest';
import {
  countByFilter,
  filterOf,
  filterResults,
  instantParts,
  nextInRow,
  parseStallNumbers,
  runFrom,
  shortName,
  stallNumbers,
} from '../../src/lib/allocation';
import type { AllocationResult, Layout, Market, Stall } from '../../src/lib/backend/contract';

const result = (vendorId: number, over: Partial<AllocationResult> = {}): AllocationResult => ({
  vendorId,
  registrationNumber: `1957081${vendorId}.02`,
  name: 'A. Bakker',
  status: 'soll',
  listNumber: vendorId,
  branchId: null,
  aList: false,
  outcome: 'ingedeeld',
  stalls: [],
  reason: null,
  explanation: '',
  ...over,
});

const stall = (id: number): Stall => ({
  id,
  rowId: 1,
  number: String(id),
  lengthM: 3,
  cooking: 'geen',
  evi: false,
  active: true,
  properties: [],
  branchIds: [],
  blockedReason: null,
  holder: null,
});

const market: Market = {
  id: 1,
  code: 'AC',
  name: 'Albert Cuypmarkt',
  kind: 'dag',
  weekdays: ['ma', 'di', 'wo', 'do', 'vr', 'za'],
  seasonFrom: null,
  seasonUntil: null,
  stallSizeM: 3,
  maxStallsPerVendor: 3,
  sampleSize: 0,
  abLists: false,
  ended: false,
  stallCount: 8,
};

/** Row A: 1 2 3 | 4 5 (an obstacle between 3 and 4); row B, circular: 6 7 8. */
const layout: Layout = {
  market,
  day: '2026-11-30',
  rows: [
    { id: 1, name: 'A', circular: false, stalls: [1, 2, 3, 4, 5].map(stall), obstacles: [{ id: 1, beforeStallId: 3, afterStallId: 4, kind: 'boom' }] },
    { id: 2, name: 'B', circular: true, stalls: [6, 7, 8].map(stall), obstacles: [] },
  ],
};

describe('the allocation screen', () => {
  it('shortens names for the stall boxes: no initials, infix abbreviated', () => {
    expect(shortName('J.P. van der Berg')).toBe('v.d. Berg');
    expect(shortName('A. Bakker')).toBe('Bakker');
    expect(shortName('M. de Vries')).toBe('de Vries');
    expect(shortName('K. van Dijk')).toBe('v. Dijk');
    expect(shortName('F. El Amrani')).toBe('El Amrani');
    expect(shortName('Bakker')).toBe('Bakker');
  });

  it('filters by outcome (removed counts as rejected) and counts each filter', () => {
    const rs = [
      result(1),
      result(2, { outcome: 'afgewezen', reason: 'MARKET_FULL' }),
      result(3, { outcome: 'verwijderd' }),
      result(4, { outcome: 'niet_aanwezig' }),
    ];
    expect(rs.map(filterOf)).toEqual(['assigned', 'rejected', 'rejected', 'absent']);
    expect(countByFilter(rs)).toEqual({ all: 4, assigned: 1, rejected: 2, absent: 1 });
    expect(filterResults(rs, 'rejected', '').map((r) => r.vendorId)).toEqual([2, 3]);
  });

  it('searches name without diacritics, registration number with or without dot, and stall number', () => {
    const rs = [
      result(3, { name: 'B. Çelik', registrationNumber: '19700101.05' }),
      result(1, { name: 'J.P. van der Berg', registrationNumber: '19570810.02', stalls: [{ id: 12, number: '12a' }] }),
    ];
    expect(filterResults(rs, 'all', 'celik').map((r) => r.vendorId)).toEqual([3]);
    expect(filterResults(rs, 'all', '1957081002').map((r) => r.vendorId)).toEqual([1]);
    expect(filterResults(rs, 'all', '19570810.0').map((r) => r.vendorId)).toEqual([1]);
    expect(filterResults(rs, 'all', '12A').map((r) => r.vendorId)).toEqual([1]);
    expect(filterResults(rs, 'all', '').map((r) => r.vendorId), 'by list number').toEqual([1, 3]);
  });

  it('reads typed stall numbers and writes them back', () => {
    expect(parseStallNumbers('2, 3 ;7', layout)).toEqual({ ids: [2, 3, 7], unknown: [] });
    expect(parseStallNumbers('2, 99, x', layout)).toEqual({ ids: [2], unknown: ['99', 'x'] });
    expect(stallNumbers([7, 8], layout)).toBe('7, 8');
  });

  it('follows rows, obstacles and circles', () => {
    expect(nextInRow(layout.rows[0], 2)).toBe(3);
    expect(nextInRow(layout.rows[0], 3)).toBeNull();
    expect(nextInRow(layout.rows[0], 5)).toBeNull();
    expect(nextInRow(layout.rows[1], 8)).toBe(6);
  });

  it('lands a dragged vendor on a run from the stall it is dropped on', () => {
    const all = () => true;
    expect(runFrom(layout, 1, 2, all)).toEqual([1, 2]);
    expect(runFrom(layout, 2, 3, all), 'stops at the obstacle').toEqual([2, 3]);
    expect(runFrom(layout, 1, 3, (id) => id !== 2), 'stops at a stall that is not free').toEqual([1]);
    expect(runFrom(layout, 8, 2, all), 'round the circle').toEqual([8, 6]);
  });
});

describe('the publish confirmation', () => {
  it('names the cut-off as an Amsterdam day and time, apart', () => {
    // 15:00 in Amsterdam in winter is 14:00 UTC; in summer 13:00 UTC.
    expect(instantParts('2026-11-29T14:00:00Z')).toEqual({ day: 'zo 29-11-2026', time: '15:00' });
    expect(instantParts('2026-07-02T13:00:00Z')).toEqual({ day: 'do 02-07-2026', time: '15:00' });
    expect(instantParts('2026-11-29T14:00:00Z', 'en')).toEqual({ day: 'Sun 29-11-2026', time: '15:00' });
  });
});
