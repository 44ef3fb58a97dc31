// What the shortcut overlay (?) lists for a session: only the keys the role may use. The
// letters of the go-keys, the counter's payment keys and the control round's presence keys
// come from the modules that act on them, so the overlay cannot promise a key that does
// something else. Unit-tested in tests/unit/shortcuts.test.ts.
import type { Session } from './backend/contract';
import { can, mayOpen, type Section } from './permissions';
import { METHOD_KEYS } from '../screens/permits/counter-logic';
import { PRESENCE_KEYS } from '../screens/inspections/inspections-logic';

/** The letter after `g` for each section. */
export const GO_KEYS: Record<string, Section> = {
  v: 'vandaag',
  m: 'markten',
  o: 'ondernemers',
  i: 'indeling',
  d: 'vergunningen',
  c: 'controles',
  r: 'rapporten',
  b: 'beheer',
};

/**
 * One line of the overlay: the keys pressed together (or in turn, for `g` then a letter),
 * and what they do: an i18n key, or a code of the core's code lists (a payment method, a
 * presence) whose label the overlay shows in the clerk's language.
 */
export interface ShortcutLine {
  keys: string[];
  label: string;
  code?: { list: 'paymentMethods' | 'presences'; value: string };
}

export interface ShortcutGroup {
  title: string;
  lines: ShortcutLine[];
}

/**
 * The permissions of the screens where `n` makes something new (shortcuts.onNew):
 * VendorSearch (EditVendors), VendorPage (EditRegistrations), Markets (EditMarkets),
 * Branches (EditBranches), Accounts (ManageAccounts), Beheer's tariff kinds, products and
 * plans (their tab needs EditTariffs) and violations (EditViolations).
 */
export const NEW_KEY_PERMISSIONS = ['EditVendors', 'EditRegistrations', 'EditMarkets', 'EditBranches', 'ManageAccounts', 'EditTariffs', 'EditViolations'];

export function shortcutGroups(session: Session | null): ShortcutGroup[] {
  if (!session) return [];
  const general: ShortcutLine[] = [{ keys: ['?'], label: 'shortcuts.help' }];
  // `/` opens Ondernemers' search: only for who may open it (Shell.svelte checks the same).
  if (mayOpen(session, 'ondernemers')) general.push({ keys: ['/'], label: 'shortcuts.search' });
  // `n` does something only on a screen that registers it, and each does so only for who
  // may make what it makes: a vendor, a registration, a market, a branch, an account, a
  // tariff kind, product or plan, a violation.
  if (NEW_KEY_PERMISSIONS.some((p) => can(session, p))) general.push({ keys: ['n'], label: 'shortcuts.new' });
  general.push(
    { keys: ['Ctrl', 'S'], label: 'shortcuts.save' },
    { keys: ['Enter'], label: 'shortcuts.enter' },
    { keys: ['Esc'], label: 'shortcuts.escape' },
  );

  const go: ShortcutLine[] = [{ keys: ['Alt', '1…8'], label: 'shortcuts.altN' }];
  for (const [letter, section] of Object.entries(GO_KEYS)) {
    if (mayOpen(session, section)) go.push({ keys: ['g', letter], label: `nav.${section}` });
  }

  const lists: ShortcutLine[] = [
    { keys: ['↑', '↓'], label: 'shortcuts.arrows' },
    { keys: ['Tab'], label: 'shortcuts.tab' },
  ];
  if (mayOpen(session, 'markten')) lists.splice(1, 0, { keys: ['←', '→'], label: 'shortcuts.mapArrows' });
  if (can(session, 'OverrideAllocation')) lists.push({ keys: ['Ctrl', 'Enter'], label: 'shortcuts.allocationConfirm' });

  const groups: ShortcutGroup[] = [
    { title: 'shortcuts.general', lines: general },
    { title: 'shortcuts.go', lines: go },
    { title: 'shortcuts.lists', lines: lists },
  ];

  if (can(session, 'IssuePermit')) {
    const counter: ShortcutLine[] = [
      { keys: ['123…', 'Enter'], label: 'shortcutsDesk.counterLookup' },
      { keys: ['Enter'], label: 'shortcutsDesk.counterSave' },
      ...METHOD_KEYS.map(([method, key]) => ({ keys: [key], label: 'shortcutsDesk.counterMethod', code: { list: 'paymentMethods' as const, value: method } })),
      { keys: ['+', '−'], label: 'shortcutsDesk.counterQuantity' },
      { keys: ['Esc'], label: 'shortcutsDesk.counterClear' },
      { keys: ['↓'], label: 'shortcutsDesk.counterList' },
    ];
    if (can(session, 'VoidPermit')) {
      counter.push({ keys: ['d'], label: 'shortcutsDesk.counterVoid' }, { keys: ['k'], label: 'shortcutsDesk.counterCorrect' });
    }
    groups.push({ title: 'shortcutsDesk.counter', lines: counter });
  }

  if (can(session, 'RecordControl')) {
    const round: ShortcutLine[] = [
      { keys: ['↑', '↓'], label: 'shortcutsDesk.roundPick' },
      ...PRESENCE_KEYS.map(([key, presence]) => ({ keys: [key], label: 'shortcutsDesk.roundPresence', code: { list: 'presences' as const, value: presence } })),
      { keys: ['Enter'], label: 'shortcutsDesk.roundSave' },
    ];
    if (can(session, 'IssueTicket')) round.push({ keys: ['b'], label: 'shortcutsDesk.roundTicket' });
    groups.push({ title: 'shortcutsDesk.round', lines: round });
  }
  return groups;
}

/** The section a letter after `g` opens (either case), else null. */
export function goKeySection(key: string): Section | null {
  return key.length === 1 ? (GO_KEYS[key.toLowerCase()] ?? null) : null;
}
