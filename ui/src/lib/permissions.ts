// What the UI shows to whom, from the session's permissions (the core's answer at login).
// The UI only hides; the core refuses anyway.
import type { Session } from './backend/contract';

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
  { tab: 'bureau', action: 'EditOfficeSettings' },
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
    // Every role has a Vandaag (the core sends each role its parts) and Rapporten.
    case 'vandaag':
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
