// The market and day the Vergunningen screens work on, kept while switching tabs (and
// while visiting other sections), so the clerk picks them once in the morning.
// Whether a market is held on a day is the core's rule (weekdays, season, end day): asked,
// never repeated here.
import { app } from '$lib/app.svelte';
import { backend } from '$lib/backend';
import type { Market } from '$lib/backend/contract';
import { addDays } from '$lib/format';

class PermitsState {
  marketId = $state<number | null>(null);
  day = $state('');
  /** Whether the market is held on the day, as the core answered (true until it has). */
  held = $state(true);
}

export const permitsState = new PermitsState();

// A login starts on today: the day and market of the last session are not the next one's.
app.forgetOnLogin(() => {
  permitsState.marketId = null;
  permitsState.day = '';
  permitsState.held = true;
});

/** The default market of a day: the first one held that day, else the first not ended. */
export async function defaultMarket(markets: Market[], day: string): Promise<Market | null> {
  const held = await backend.marketsHeldOn({ day });
  return markets.find((m) => held.includes(m.id)) ?? markets.find((m) => !m.ended) ?? null;
}

/** Keeps `permitsState.held` for the chosen market and day (run it in an `$effect`). */
export function watchHeld(): void {
  const { marketId, day } = permitsState;
  if (marketId === null || !day) {
    permitsState.held = true;
    return;
  }
  backend.marketsHeldOn({ day }).then(
    (ids) => {
      if (marketId === permitsState.marketId && day === permitsState.day) permitsState.held = ids.includes(marketId);
    },
    () => (permitsState.held = true),
  );
}

/** ‹ and ›: the previous or next day the market is held within two weeks, else the plain day. */
export async function stepDay(market: Market | null, day: string, dir: 1 | -1): Promise<string> {
  if (!market) return addDays(day, dir);
  const next = await backend.nextMarketDay({ marketId: market.id, from: day, forward: dir === 1, within: 14 });
  return next ?? addDays(day, dir);
}

export type PermitsTab = 'uitgifte' | 'dagoverzicht' | 'dagafsluiting' | 'notities' | 'aanmeldingen';

/** Each tab and the action it needs (the section itself needs IssuePermit). */
export const PERMIT_TABS: { tab: PermitsTab; action: string; label: string }[] = [
  { tab: 'uitgifte', action: 'IssuePermit', label: 'permits.tabCounter' },
  { tab: 'dagoverzicht', action: 'IssuePermit', label: 'permits.tabDayView' },
  { tab: 'dagafsluiting', action: 'CloseDay', label: 'permits.tabClose' },
  { tab: 'notities', action: 'WriteNote', label: 'permits.tabNotes' },
  { tab: 'aanmeldingen', action: 'RecordAttendance', label: 'permits.tabAttendance' },
];
