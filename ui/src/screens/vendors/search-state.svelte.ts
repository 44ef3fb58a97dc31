// The vendor search survives leaving the list and coming back (query, position).
class SearchState {
  query = $state('');
  active = $state(0);
}
export const searchState = new SearchState();
