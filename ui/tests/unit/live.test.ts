import { describe, expect, it } from 'vitest';
import { concerns } from '../../src/lib/live';
import type { Change } from '../../src/lib/backend/contract';

const change = (over: Partial<Change>): Change => ({
  topic: 'permits',
  command: 'issue_permit',
  marketId: 1,
  day: '2026-11-28',
  by: 'Ans',
  mine: false,
  ...over,
});

describe('which changes a screen hears', () => {
  const scope = { marketId: 1, day: '2026-11-28' };

  it('another desk’s change of its topic, market and day', () => {
    expect(concerns(change({}), ['permits'], scope)).toBe(true);
  });

  it('not its own desk’s, nor another topic, market or day', () => {
    expect(concerns(change({ mine: true }), ['permits'], scope)).toBe(false);
    expect(concerns(change({ topic: 'notes' }), ['permits'], scope)).toBe(false);
    expect(concerns(change({ marketId: 2 }), ['permits'], scope)).toBe(false);
    expect(concerns(change({ day: '2026-11-27' }), ['permits'], scope)).toBe(false);
  });

  it('a change that names no market or day may concern any; a screen of all markets hears every market', () => {
    expect(concerns(change({ marketId: null, day: null }), ['permits'], scope)).toBe(true);
    expect(concerns(change({ marketId: 7 }), ['permits'], {})).toBe(true);
  });

  it('after the stream was away (null) every screen looks again', () => {
    expect(concerns(null, ['tickets'], scope)).toBe(true);
  });
});
