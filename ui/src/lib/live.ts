// Live: what other desks store, a screen hears and shows without a reload. The app announces
// every write as a `changed` event (crates/markt-app/src/events.rs): the part of the data
// (`topic`), the market and day where the command names them, and who. A screen asks to hear
// the topics it shows, for its market and day, and reads its data again.
import { events } from '$lib/backend';
import type { Change, Topic } from '$lib/backend/contract';

export type { Change, Topic } from '$lib/backend/contract';

/** What a screen shows: a change of another market or day passes it by. */
export interface Scope {
  marketId?: number | null;
  day?: string | null;
}

/** Changes that come together (a burst from another desk) make one reload. */
const SETTLE_MS = 150;

type Listener = (change: Change | null) => void;
const listeners = new Set<Listener>();
let hearing: Promise<() => void> | null = null;

/** Whether `change` concerns a screen showing `topics` for `scope`. A change that names no
 * market or day may concern any; `null` (the stream was away) concerns everyone. */
export function concerns(change: Change | null, topics: readonly Topic[], scope: Scope): boolean {
  if (change === null) return true;
  if (change.mine || !topics.includes(change.topic)) return false;
  if (change.marketId != null && scope.marketId != null && change.marketId !== scope.marketId) return false;
  if (change.day != null && scope.day != null && change.day !== scope.day) return false;
  return true;
}

/**
 * Calls `reload` (once per burst, with the last change) when another desk changed one of
 * `topics` for the market and day `scope()` gives at that moment. Answers the function that
 * stops listening, so that `$effect(() => onChange(…))` listens while the screen is shown.
 * The desk's own changes are not heard: the screen that made them has read them already.
 */
export function onChange(topics: readonly Topic[], scope: () => Scope, reload: (change: Change | null) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: Change | null = null;
  const listener: Listener = (change) => {
    if (!concerns(change, topics, scope())) return;
    last = change;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      reload(last);
    }, SETTLE_MS);
  };
  listeners.add(listener);
  hearing ??= events.onChanged((change) => {
    for (const l of listeners) l(change);
  });
  return () => {
    listeners.delete(listener);
    if (timer) clearTimeout(timer);
  };
}
