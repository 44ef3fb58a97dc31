// What the UI shows to whom. The UI only hides; the core refuses anyway.
import type { Role, Session } from './backend/types';

export type Section =
  | 'vandaag'
  | 'markten'
  | 'ondernemers'
  | 'indeling'
  | 'vergunningen'
  | 'controles'
  | 'rapporten'
  | 'beheer';

export const SECTIONS: Section[] = [
  'vandaag',
  'markten',
  'ondernemers',
  'indeling',
  'vergunningen',
  'controles',
  'rapporten',
  'beheer',
];

export function can(session: Session | null, action: string): boolean {
  return !!session && session.permissions.includes(action);
}

/** The desk's daily work: everyone who may issue permits (supervisor and up). */
const DESK = 'IssuePermit';

/** The parts of Beheer and the action each needs. */
export const ADMIN_TABS = [
  { tab: 'tarieven', action: 'EditTariffs' },
  { tab: 'producten', action: 'EditTariffs' },
  { tab: 'plannen', action: 'EditTariffs' },
  { tab: 'btw', action: 'EditTariffs' },
  { tab: 'offerte', action: 'EditTariffs' },
  { tab: 'overtredingen', action: 'EditViolations' },
  { tab: 'accounts', action: 'ManageAccounts' },
  { tab: 'accounts', action: 'UnlockAccount' },
  { tab: 'backups', action: 'MakeBackup' },
  { tab: 'auditlog', action: 'ViewAuditLog' },
] as const;

export type AdminTab = (typeof ADMIN_TABS)[number]['tab'];

export function adminTabs(session: Session | null): AdminTab[] {
  const tabs: AdminTab[] = [];
  for (const { tab, action } of ADMIN_TABS) {
    if (can(session, action) && !tabs.includes(tab)) tabs.push(tab);
  }
  return tabs;
}

export function mayOpen(session: Session | null, section: Section): boolean {
  if (!session) return false;
  switch (section) {
    case 'rapporten':
      return true;
    case 'beheer':
      return adminTabs(session).length > 0;
    default:
      return can(session, DESK);
  }
}

export function visibleSections(session: Session | null): Section[] {
  return SECTIONS.filter((s) => mayOpen(session, s));
}

// ── The core's role table (crates/markt/src/account.rs), for the mock backend ──────────

const RANK: Record<Role, number> = { finance: 0, supervisor: 1, senior: 2, admin: 3 };

/** Each action: the lowest role of admin ⊃ senior ⊃ supervisor, and whether finance may. */
export const ACTIONS: Record<string, [Role, boolean]> = {
  ManageAccounts: ['admin', false],
  EditMarkets: ['admin', false],
  EditBranches: ['admin', false],
  EditTariffs: ['admin', false],
  EditViolations: ['admin', false],
  RestoreBackup: ['admin', false],
  ViewAuditLog: ['admin', false],
  UnlockAccount: ['senior', false],
  BlockStalls: ['senior', false],
  EditVendors: ['senior', false],
  EditRegistrations: ['senior', false],
  ChangeAttendanceAfterCutoff: ['senior', false],
  RunAllocation: ['senior', false],
  OverrideAllocation: ['senior', false],
  PublishAllocation: ['senior', false],
  CorrectClosedDay: ['senior', false],
  RedrawSample: ['senior', false],
  VoidTicket: ['senior', false],
  MakeBackup: ['senior', false],
  RecordAttendance: ['supervisor', false],
  IssuePermit: ['supervisor', false],
  VoidPermit: ['supervisor', false],
  ReversePayment: ['supervisor', false],
  CloseDay: ['supervisor', false],
  RecordControl: ['supervisor', false],
  DrawSample: ['supervisor', false],
  IssueTicket: ['supervisor', false],
  ChangeTicketStatus: ['supervisor', false],
  RegisterTicketPayment: ['supervisor', false],
  WriteNote: ['supervisor', false],
  ExportFinance: ['senior', true],
};

export function permissionsOf(role: Role): string[] {
  return Object.entries(ACTIONS)
    .filter(([, [lowest, finance]]) => (role === 'finance' ? finance : RANK[role] >= RANK[lowest]))
    .map(([action]) => action);
}
