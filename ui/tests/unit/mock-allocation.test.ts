import { describe, expect, it } from 'vitest';
import { createMockBackend } from '../../src/lib/backend/mock';
import type { AppError, OverrideInput } from '../../src/lib/backend/types';

const MONDAY = '2026-11-30';

async function as(role: 'medewerker' | 'toezicht') {
  const b = createMockBackend();
  await b.login({ username: role, password: role === 'medewerker' ? 'marktbureau-2026' : 'toezicht-2026' });
  return b;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

const fields = (e: AppError) => e.fields.map((f) => `${f.field}:${f.problem}`).sort();

describe('the mock allocation', () => {
  it('runs a day: every vendor once, no stall twice, none blocked, explained', async () => {
    const b = await as('medewerker');
    const refused = await rejection(b.runAllocation({ marketId: 1, day: '2026-11-29' }));
    expect(fields(refused)).toEqual(['day:conflict']);
    const v = await b.runAllocation({ marketId: 1, day: MONDAY });
    expect(v).toMatchObject({ number: 1, state: 'concept' });
    const day = await b.allocationDay({ marketId: 1, day: MONDAY, versionId: null });
    const shown = day.shown!;
    const stalls = shown.results.flatMap((r) => r.stalls.map((s) => s.number));
    expect(new Set(stalls).size).toBe(stalls.length);
    expect(stalls).not.toContain('50');
    expect(shown.freeStalls.map((s) => s.number)).not.toContain('50');
    expect(new Set(shown.results.map((r) => r.vendorId)).size).toBe(shown.results.length);
    expect(shown.results.every((r) => r.explanation.length > 10)).toBe(true);
    expect(shown.results.every((r) => (r.reason !== null) === (r.outcome === 'afgewezen'))).toBe(true);
    const outcomes = new Set(shown.results.map((r) => r.outcome));
    expect([...outcomes].sort()).toEqual(['afgewezen', 'ingedeeld', 'niet_aanwezig']);
    expect(shown.freeStalls.length).toBeGreaterThan(0);
  });

  it('checks an override as the core does, and records it with its reason', async () => {
    const b = await as('medewerker');
    const v = await b.runAllocation({ marketId: 1, day: MONDAY });
    const day = (await b.allocationDay({ marketId: 1, day: MONDAY, versionId: null })).shown!;
    const holder = day.results.find((r) => r.stalls.some((s) => s.number === '1'))!;
    const neighbour = day.results.find((r) => r.stalls.some((s) => s.number === '2'))!;
    const free = day.freeStalls.map((s) => s.id);
    const base: OverrideInput = { allocationId: v.id, kind: 'verplaatsen', vendorId: holder.vendorId, otherVendorId: null, stallIds: [free[0]], reason: '', overrideRule: null };

    expect(fields(await rejection(b.overrideAllocation({ input: base })))).toEqual(['reason:required']);
    const taken = await rejection(b.overrideAllocation({ input: { ...base, stallIds: [neighbour.stalls[0].id], reason: 'x' } }));
    expect(fields(taken)).toEqual(['to[0]:conflict']);
    expect(taken.fields[0].message).toContain(neighbour.name);
    const apart = await rejection(b.overrideAllocation({ input: { ...base, stallIds: [free[0], free[free.length - 1]], reason: 'x' } }));
    expect(fields(apart)).toEqual(['to:conflict']);

    await b.overrideAllocation({ input: { ...base, reason: 'hoekplaats' } });
    const after = (await b.allocationDay({ marketId: 1, day: MONDAY, versionId: null })).shown!;
    expect(after.version.number).toBe(1);
    const moved = after.results.find((r) => r.vendorId === holder.vendorId)!;
    expect(moved.stalls.map((s) => s.id)).toEqual([free[0]]);
    expect(moved.explanation).toContain('hoekplaats');
    expect(after.overrides).toMatchObject([{ kind: 'verplaatsen', reason: 'hoekplaats', by: 'Mirjam de Vries' }]);
    expect(after.freeStalls.map((s) => s.number)).toContain('1');
  });

  it('a branch over its maximum needs the override rule with its own reason', async () => {
    const b = await as('medewerker');
    const v = await b.runAllocation({ marketId: 1, day: MONDAY });
    const day = (await b.allocationDay({ marketId: 1, day: MONDAY, versionId: null })).shown!;
    const full = day.results.find((r) => r.reason === 'BRANCHE_FULL')!;
    const input: OverrideInput = { allocationId: v.id, kind: 'toewijzen', vendorId: full.vendorId, otherVendorId: null, stallIds: [day.freeStalls[0].id], reason: 'vaste klant', overrideRule: null };
    const e = await rejection(b.overrideAllocation({ input }));
    expect(fields(e)).toEqual(['override_rule:conflict']);
    expect(e.fields[0].message).toContain('branchemaximum');
    expect(fields(await rejection(b.overrideAllocation({ input: { ...input, overrideRule: ' ' } })))).toEqual(['override_rule:required']);
    await b.overrideAllocation({ input: { ...input, overrideRule: 'markt is rustig' } });
    const after = (await b.allocationDay({ marketId: 1, day: MONDAY, versionId: null })).shown!;
    expect(after.results.find((r) => r.vendorId === full.vendorId)).toMatchObject({ outcome: 'ingedeeld', reason: null });
    expect(after.overrides[0]).toMatchObject({ breaksRule: 'branche_maximum', ruleReason: 'markt is rustig' });
  });

  it('publishing locks the day: a change makes version 2 and version 1 stays as it was', async () => {
    const b = await as('medewerker');
    const v1 = await b.runAllocation({ marketId: 1, day: MONDAY });
    await b.publishAllocation({ id: v1.id });
    expect((await rejection(b.publishAllocation({ id: v1.id }))).code).toBe('conflict');
    expect((await rejection(b.runAllocation({ marketId: 1, day: MONDAY }))).code).toBe('conflict');
    const one = (await b.allocationDay({ marketId: 1, day: MONDAY, versionId: null })).shown!;
    const someone = one.results.find((r) => r.stalls.length)!;
    const v2 = await b.overrideAllocation({
      input: { allocationId: v1.id, kind: 'verwijderen', vendorId: someone.vendorId, otherVendorId: null, stallIds: [], reason: 'ziek', overrideRule: null },
    });
    expect(v2).toMatchObject({ number: 2, state: 'concept' });
    const day = await b.allocationDay({ marketId: 1, day: MONDAY, versionId: null });
    expect(day.versions.map((v) => [v.number, v.state, v.basedOn])).toEqual([
      [1, 'gepubliceerd', null],
      [2, 'concept', 1],
    ]);
    expect(day.shown!.results.find((r) => r.vendorId === someone.vendorId)!.outcome).toBe('verwijderd');
    const old = (await b.allocationDay({ marketId: 1, day: MONDAY, versionId: v1.id })).shown!;
    expect(old).toEqual(one);
    expect((await rejection(b.overrideAllocation({ input: { allocationId: v1.id, kind: 'verwijderen', vendorId: someone.vendorId, otherVendorId: null, stallIds: [], reason: 'x', overrideRule: null } }))).code).toBe('conflict');
  });

  it('a supervisor reads the allocation but may not run, change or publish it', async () => {
    const b = await as('toezicht');
    expect((await b.allocationDay({ marketId: 1, day: MONDAY, versionId: null })).shown).toBeNull();
    const e = await rejection(b.runAllocation({ marketId: 1, day: MONDAY }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('de indeling draaien');
  });
});
