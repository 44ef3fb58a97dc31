// The market and day the Vergunningen screens work on, kept while switching tabs (and
// while visiting other sections), so the clerk picks them once in the morning.
import type { Market } from '$lib/backend/contract';
import { heldOn } from '$lib/markets';

class PermitsState {
  marketId = $state<number | null>(null);
  day = $state('');
}

export const permitsState = new PermitsState();

/** The default market of a day: the first one held that day, else the first not ended. */
export function defaultMarket(markets: Market[], day: string): Market | null {
  return markets.find((m) => heldOn(m, day)) ?? markets.find((m) => !m.ended) ?? null;
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
