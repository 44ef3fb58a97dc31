// The vendor search survives leaving the list and coming back (query, position, market).
class SearchState {
  query = $state('');
  active = $state(0);
  /** The market whose registration each row shows; null until the list has chosen one. */
  marketId = $state<number | null>(null);
  /** The vendor whose page was just closed: the list puts the focus back on its row. */
  returnTo = $state<number | null>(null);
}
export const searchState = new SearchState();
