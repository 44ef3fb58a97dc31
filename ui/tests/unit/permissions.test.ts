// The UI decides from the session's permissions alone (the core's answer at login): each
// session below says its own list, whatever its role.
import { describe, expect, it } from 'vitest';
import { adminTabs, can, mayOpen, visibleSections } from '../../src/lib/permissions';
import type { Role, Session } from '../../src/lib/backend/contract';

const session = (role: Role, permissions: string[]): Session => ({ username: role, displayName: role, role, permissions });

const ALL = ['vandaag', 'markten', 'ondernemers', 'indeling', 'vergunningen', 'controles', 'rapporten', 'beheer'];
const desk = session('supervisor', ['IssuePermit', 'RecordAttendance', 'DrawSample', 'IssueTicket']);
const finance = session('finance', ['ExportFinance']);
const tariffs = session('admin', ['IssuePermit', 'EditTariffs']);
const everything = session('admin', [
  'IssuePermit',
  'EditTariffs',
  'EditViolations',
  'ManageAccounts',
  'UnlockAccount',
  'EditOfficeSettings',
  'MakeBackup',
  'ViewAuditLog',
  'ExportFinance',
]);

describe('permissions', () => {
  it('the sections follow the permissions: the desk’s with IssuePermit, Beheer with any of its tabs, Vandaag and Rapporten always', () => {
    expect(visibleSections(everything)).toEqual(ALL);
    expect(visibleSections(desk)).toEqual(ALL.filter((s) => s !== 'beheer'));
    expect(visibleSections(finance)).toEqual(['vandaag', 'rapporten']);
    expect(visibleSections(session('supervisor', []))).toEqual(['vandaag', 'rapporten']);
    // Beheer with one tab's permission only, without the desk.
    expect(visibleSections(session('senior', ['MakeBackup']))).toEqual(['vandaag', 'rapporten', 'beheer']);
    expect(visibleSections(null)).toEqual([]);
  });

  it('mayOpen: the same answer per section; nothing without a session', () => {
    expect(mayOpen(desk, 'beheer')).toBe(false);
    expect(mayOpen(desk, 'vergunningen')).toBe(true);
    // Finance has a Vandaag of its own (the core sends it the money and the batch due).
    expect(mayOpen(finance, 'vandaag')).toBe(true);
    expect(mayOpen(finance, 'vergunningen')).toBe(false);
    expect(mayOpen(finance, 'rapporten')).toBe(true);
    expect(mayOpen(null, 'rapporten')).toBe(false);
  });

  it('Beheer shows only the tabs the permissions allow, each once, in order', () => {
    expect(adminTabs(everything)).toEqual(['tarieven', 'producten', 'plannen', 'btw', 'offerte', 'overtredingen', 'accounts', 'bureau', 'backups', 'auditlog']);
    expect(adminTabs(tariffs)).toEqual(['tarieven', 'producten', 'plannen', 'btw', 'offerte']);
    // Accounts with either permission that opens it.
    expect(adminTabs(session('senior', ['UnlockAccount', 'MakeBackup']))).toEqual(['accounts', 'backups']);
    expect(adminTabs(session('admin', ['ManageAccounts', 'UnlockAccount']))).toEqual(['accounts']);
    expect(adminTabs(desk)).toEqual([]);
    expect(adminTabs(null)).toEqual([]);
  });

  it('can() reads the session’s permissions, not its role', () => {
    expect(can(desk, 'IssuePermit')).toBe(true);
    expect(can(desk, 'EditVendors')).toBe(false);
    expect(can(session('admin', []), 'ManageAccounts')).toBe(false);
    expect(can(session('finance', ['EditVendors']), 'EditVendors')).toBe(true);
    expect(can(null, 'EditVendors')).toBe(false);
  });
});
