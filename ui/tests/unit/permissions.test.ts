import { describe, expect, it } from 'vitest';
import { adminTabs, can, mayOpen, permissionsOf, visibleSections } from '../../src/lib/permissions';
import type { Role, Session } from '../../src/lib/backend/types';

const session = (role: Role): Session => ({ username: role, displayName: role, role, permissions: permissionsOf(role) });

describe('permissions', () => {
  it('roles nest admin ⊃ senior ⊃ supervisor; finance stands apart', () => {
    const [admin, senior, supervisor, finance] = (['admin', 'senior', 'supervisor', 'finance'] as Role[]).map(permissionsOf);
    expect(supervisor.every((p) => senior.includes(p))).toBe(true);
    expect(senior.every((p) => admin.includes(p))).toBe(true);
    expect(finance).toEqual(['ExportFinance']);
    expect(admin).toContain('ManageAccounts');
    expect(senior).not.toContain('EditMarkets');
    expect(senior).toContain('UnlockAccount');
    expect(supervisor).not.toContain('EditVendors');
    expect(supervisor).toContain('IssuePermit');
    // Controls and tickets: supervisor and up; redraw and void a senior; backups a senior,
    // restore and the audit log an administrator.
    for (const a of ['DrawSample', 'RecordControl', 'IssueTicket', 'ChangeTicketStatus', 'RegisterTicketPayment']) expect(supervisor).toContain(a);
    for (const a of ['RedrawSample', 'VoidTicket', 'MakeBackup']) expect([supervisor.includes(a), senior.includes(a)]).toEqual([false, true]);
    for (const a of ['EditViolations', 'RestoreBackup', 'ViewAuditLog']) expect([senior.includes(a), admin.includes(a)]).toEqual([false, true]);
  });

  it('the sections each role sees', () => {
    const all = ['vandaag', 'markten', 'ondernemers', 'indeling', 'vergunningen', 'controles', 'rapporten', 'beheer'];
    expect(visibleSections(session('admin'))).toEqual(all);
    expect(visibleSections(session('senior'))).toEqual(all);
    expect(visibleSections(session('supervisor'))).toEqual(all.filter((s) => s !== 'beheer'));
    expect(visibleSections(session('finance'))).toEqual(['rapporten']);
    expect(mayOpen(session('supervisor'), 'beheer')).toBe(false);
    expect(visibleSections(null)).toEqual([]);
  });

  it('Beheer shows only what the permissions allow', () => {
    expect(adminTabs(session('admin'))).toEqual(['tarieven', 'producten', 'plannen', 'btw', 'offerte', 'overtredingen', 'accounts', 'backups', 'auditlog']);
    expect(adminTabs(session('senior'))).toEqual(['accounts', 'backups']);
    expect(adminTabs(session('supervisor'))).toEqual([]);
  });

  it('can() reads the session’s permissions', () => {
    expect(can(session('senior'), 'EditVendors')).toBe(true);
    expect(can(session('finance'), 'EditVendors')).toBe(false);
    expect(can(null, 'EditVendors')).toBe(false);
  });
});
