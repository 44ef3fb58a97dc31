// The shortcut overlay lists only what the session may use, and the go-keys' letters.
import { describe, expect, it } from 'vitest';
import { goKeySection, NEW_KEY_PERMISSIONS, shortcutGroups, type ShortcutGroup } from '../../src/lib/shortcut-list';
import { METHOD_KEYS } from '../../src/screens/permits/counter-logic';
import { PRESENCE_KEYS } from '../../src/screens/inspections/inspections-logic';
import type { Role, Session } from '../../src/lib/backend/contract';
import nl from '../../src/lib/i18n/nl';
import en from '../../src/lib/i18n/en';

const session = (role: Role, permissions: string[]): Session => ({ username: role, displayName: role, role, permissions });

// The permissions as the core gives them at login (crates/markt/src/account.rs).
const SUPERVISOR = ['ReadMasterData', 'ReadVendors', 'ReadMarketDay', 'ReadFinance', 'IssuePermit', 'VoidPermit', 'ReversePayment', 'CloseDay', 'RecordAttendance', 'RecordControl', 'DrawSample', 'IssueTicket', 'ChangeTicketStatus', 'RegisterTicketPayment', 'WriteNote'];
const SENIOR = [...SUPERVISOR, 'UnlockAccount', 'EditVendors', 'RunAllocation', 'OverrideAllocation', 'PublishAllocation', 'MakeBackup', 'ExportFinance'];
const ADMIN = [...SENIOR, 'ManageAccounts', 'EditMarkets', 'EditTariffs', 'EditViolations', 'ViewAuditLog', 'EditOfficeSettings'];
const FINANCE = ['ReadMasterData', 'ReadFinance', 'ExportFinance'];

const group = (groups: ShortcutGroup[], title: string) => groups.find((g) => g.title === title);
const keysOf = (g: ShortcutGroup | undefined) => (g?.lines ?? []).map((l) => l.keys.join(' '));

describe('the shortcut overlay', () => {
  it('shows finance only the keys of Vandaag and Rapporten: no vendor search, no go-key to a section it cannot open, no counter or round', () => {
    const groups = shortcutGroups(session('finance', FINANCE));
    expect(keysOf(group(groups, 'shortcuts.general'))).not.toContain('/');
    expect(keysOf(group(groups, 'shortcuts.go'))).toEqual(['Alt 1…8', 'g v', 'g r']);
    expect(group(groups, 'shortcutsDesk.counter')).toBeUndefined();
    expect(group(groups, 'shortcutsDesk.round')).toBeUndefined();
    expect(keysOf(group(groups, 'shortcuts.lists'))).not.toContain('Ctrl Enter');
  });

  it('shows a supervisor the counter’s and the control round’s keys, and no go-key to Beheer', () => {
    const groups = shortcutGroups(session('supervisor', SUPERVISOR));
    expect(keysOf(group(groups, 'shortcuts.go'))).not.toContain('g b');
    expect(keysOf(group(groups, 'shortcuts.go'))).toContain('g d');
    const counter = group(groups, 'shortcutsDesk.counter')!;
    for (const [method, key] of METHOD_KEYS) {
      expect(counter.lines.find((l) => l.keys.join() === key)?.code).toEqual({ list: 'paymentMethods', value: method });
    }
    expect(keysOf(counter)).toEqual(expect.arrayContaining(['Enter', 'Esc', '+ −', 'd', 'k']));
    const round = group(groups, 'shortcutsDesk.round')!;
    for (const [key, presence] of PRESENCE_KEYS) {
      expect(round.lines.find((l) => l.keys.join() === key)?.code).toEqual({ list: 'presences', value: presence });
    }
    expect(keysOf(round)).toContain('b');
    // Confirming a chosen stall in Indeling needs OverrideAllocation, which a supervisor lacks.
    expect(keysOf(group(groups, 'shortcuts.lists'))).not.toContain('Ctrl Enter');
  });

  it('shows an administrator every go-key and the allocation’s confirmation', () => {
    const groups = shortcutGroups(session('admin', ADMIN));
    expect(keysOf(group(groups, 'shortcuts.go'))).toEqual(['Alt 1…8', 'g v', 'g m', 'g o', 'g i', 'g d', 'g c', 'g r', 'g b']);
    expect(keysOf(group(groups, 'shortcuts.lists'))).toContain('Ctrl Enter');
    expect(keysOf(group(groups, 'shortcuts.general'))).toContain('/');
  });

  it('lists n (new) only for who may make something new with it: not finance or a supervisor; a senior and an administrator', () => {
    const general = (role: Role, permissions: string[]) => keysOf(group(shortcutGroups(session(role, permissions)), 'shortcuts.general'));
    expect(general('finance', FINANCE)).not.toContain('n');
    expect(general('supervisor', SUPERVISOR)).not.toContain('n');
    expect(general('senior', SENIOR)).toContain('n');
    expect(general('admin', ADMIN)).toContain('n');
    for (const p of NEW_KEY_PERMISSIONS) expect(general('senior', ['ReadMasterData', p]), p).toContain('n');
    for (const p of ['EditVendors', 'EditRegistrations', 'EditMarkets', 'ManageAccounts']) expect(NEW_KEY_PERMISSIONS).toContain(p);
  });

  it('shows nobody anything before a login', () => {
    expect(shortcutGroups(null)).toEqual([]);
  });

  it('names every line in both languages', () => {
    const lookup = (dict: Record<string, unknown>, key: string) => key.split('.').reduce<unknown>((d, k) => (d as Record<string, unknown>)?.[k], dict);
    for (const g of shortcutGroups(session('admin', ADMIN))) {
      for (const key of [g.title, ...g.lines.map((l) => l.label)]) {
        expect(typeof lookup(nl, key), `nl ${key}`).toBe('string');
        expect(typeof lookup(en, key), `en ${key}`).toBe('string');
      }
    }
  });
});

describe('the go-keys', () => {
  it('open a section by the letter after g, in either case; other keys open nothing', () => {
    expect(goKeySection('d')).toBe('vergunningen');
    expect(goKeySection('O')).toBe('ondernemers');
    expect(goKeySection('x')).toBeNull();
    expect(goKeySection('Enter')).toBeNull();
  });
});
