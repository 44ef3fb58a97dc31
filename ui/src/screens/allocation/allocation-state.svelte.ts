// The market and day Indeling works on, kept while visiting other sections (like
// Vergunningen's), forgotten when a session starts or ends.
import { app } from '$lib/app.svelte';
import { backend } from '$lib/backend';
import type { Market } from '$lib/backend/contract';

class AllocationState {
  marketId = $state<number | null>(null);
  day = $state('');
}

export const allocationState = new AllocationState();

app.forgetOnLogin(() => {
  allocationState.marketId = null;
  allocationState.day = '';
});

/**
 * Where Indeling opens without a remembered day: the next market day after today (the
 * allocation is made for a coming day), of the first market held soonest, as the core counts.
 */
export async function firstAllocationDay(markets: Market[], today: string): Promise<{ marketId: number; day: string } | null> {
  const next = await Promise.all(
    markets.map((m) => backend.nextMarketDay({ marketId: m.id, from: today, forward: true, within: 370 })),
  );
  let best: { marketId: number; day: string } | null = null;
  markets.forEach((m, i) => {
    const day = next[i];
    if (day && (!best || day < best.day)) best = { marketId: m.id, day };
  });
  return best;
}
