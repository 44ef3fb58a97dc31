// Backups and the audit log in the mock backend (crates/markt/src/{backup,audit}.rs): the
// backups folder with the daily files, a backup made now, a check that reads the schema
// version, the permits and the last day, a restore that first keeps a safety copy and
// ends the session; and an audit log of the past month, filtered and paged newest first
// as the core's search does. Controls and tickets write their rows here too.
import type { Backend } from './api';
import type { Account, AppError, AuditRow, Backup, FieldError, Session } from './types';
import { rng } from './mock-data';
import { amsterdam } from './mock-morning';
import { addDays } from '../format';

export type BackupMethods = Pick<Backend, 'backups' | 'makeBackup' | 'checkBackup' | 'restoreBackup' | 'auditLog'>;

export interface BackupsContext {
  today: string;
  session: () => (Session & { id: number }) | null;
  /** Ends the session after a restore (the restored file has its own accounts). */
  logout: () => void;
  accounts: Pick<Account, 'id' | 'username'>[];
}

interface MAudit {
  id: number;
  at: string;
  accountId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
}
interface MBackup extends Backup {
  permits: number;
  lastDay: string | null;
  damaged: boolean;
}

const ROLE_NL: Record<string, string> = {
  admin: 'beheerder',
  senior: 'medewerker marktbureau',
  supervisor: 'markttoezichthouder',
  finance: 'financiën',
};
const ACTION_NL: Record<string, string> = {
  MakeBackup: 'een back-up maken',
  RestoreBackup: 'een back-up terugzetten',
  ViewAuditLog: 'het auditlog bekijken',
};
export const BACKUP_DIR = '/home/marktbureau/.local/share/Marktkantoor/backups';
const SCHEMA_VERSION = 4;

const err = (code: string, message: string, fields: FieldError[] = []): AppError => ({ code, message, fields });
const invalid = (field: string, message: string): AppError =>
  err('invalid', `${field}: ${message}`, [{ field, problem: 'format', message }]);

export function createBackups(ctx: BackupsContext): BackupMethods & {
  audit: (action: string, entity: string, entityId: string | number, before: unknown, after: unknown) => void;
} {
  const { today } = ctx;
  const log: MAudit[] = [];
  let clock = amsterdam(today, 9, 30).getTime();
  const now = () => new Date((clock += 45_000)).toISOString();

  function actor(action?: string): Session & { id: number } {
    const s = ctx.session();
    if (!s) throw err('not_logged_in', 'log eerst in');
    if (action && !s.permissions.includes(action)) {
      throw err('forbidden', `de rol ‘${ROLE_NL[s.role]}’ mag dit niet: ${ACTION_NL[action] ?? action}`);
    }
    return s;
  }
  const json = (x: unknown) => (x === null || x === undefined ? null : JSON.stringify(x));

  function audit(action: string, entity: string, entityId: string | number, before: unknown, after: unknown, at = now(), accountId = ctx.session()?.id ?? null) {
    log.push({ id: log.length + 1, at, accountId, action, entity, entityId: String(entityId), before: json(before), after: json(after) });
  }

  // A month of the office's work, oldest first, so that ids run with time.
  const r = rng(2026);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const kinds: [string, string, number, (id: number) => [unknown, unknown]][] = [
    ['account.login', 'account', 3, () => [null, { ok: true }]],
    ['permit.issue', 'permit', 40, (id) => [null, { invoice_number: `D2026-${String(id).padStart(6, '0')}`, presence: pick(['zelf', 'zelf', 'partner']), stalls: [String(1 + (id % 60))] }]],
    ['permit.void', 'permit', 3, (id) => [{ invoice_number: `D2026-${String(id).padStart(6, '0')}` }, { reason: 'verkeerde ondernemer' }]],
    ['payment.create', 'payment', 30, (id) => [null, { method: pick(['pin', 'contant', 'op_rekening']), amount: 1167 + (id % 9) * 246 }]],
    ['vendor.update', 'vendor', 6, (id) => [{ id: 1 + (id % 300), phone: '' }, { id: 1 + (id % 300), phone: '06-12345678' }]],
    ['attendance.record', 'attendance', 8, (id) => [null, { vendor: 1 + (id % 120), attends: id % 3 !== 0 }]],
    ['allocation.run', 'allocation', 2, (id) => [null, { version: 1 + (id % 2), state: 'concept' }]],
    ['allocation.publish', 'allocation', 2, (id) => [{ state: 'concept' }, { version: 1 + (id % 2), state: 'gepubliceerd' }]],
    ['day.close', 'day_close', 2, () => [null, { counted_cash: 45250, difference: 0 }]],
    ['note.create', 'note', 2, () => [null, { text: 'Stroomkast rij B klemt' }]],
    ['stall.block', 'stall', 1, (id) => [null, { stall: 1 + (id % 60), reason: 'rioleringswerk' }]],
    ['market.update', 'market', 1, () => [{ code: 'AC', sample_size: 8 }, { code: 'AC', sample_size: 10 }]],
  ];
  const weights = kinds.reduce((s, k) => s + k[2], 0);
  // Office hours only: from 07:30 to 17:00, on to the next morning after that.
  let day = addDays(today, -30);
  let at = amsterdam(day, 7, 30).getTime();
  for (let n = 0; n < 340; n++) {
    at += Math.floor(r() * 80 * 60_000 + 5 * 60_000);
    if (at > amsterdam(day, 17, 0).getTime()) {
      day = addDays(day, 1);
      at = amsterdam(day, 7, 30).getTime() + Math.floor(r() * 20 * 60_000);
    }
    let w = r() * weights;
    const kind = kinds.find((k) => (w -= k[2]) < 0) ?? kinds[0];
    const id = 100 + n;
    const [before, after] = kind[3](id);
    const who = kind[0] === 'market.update' ? 1 : kind[0].startsWith('allocation') || kind[0] === 'vendor.update' ? 2 : pick([2, 3, 3]);
    audit(kind[0], kind[1], kind[0] === 'account.login' ? who : id, before, after, new Date(Math.min(at, clock - 60_000)).toISOString(), who);
  }

  // The backups folder: the daily ones of the last days, and one a clerk made by hand.
  const backups: MBackup[] = [];
  for (let i = 6; i >= 0; i--) {
    const day = addDays(today, -i);
    backups.push({
      path: `${BACKUP_DIR}/marktkantoor-${day}.sqlite`,
      fileName: `marktkantoor-${day}.sqlite`,
      sizeBytes: 48_300_000 + (6 - i) * 210_000,
      modified: amsterdam(day, 7, 58).toISOString(),
      permits: 41_200 + (6 - i) * 230,
      lastDay: addDays(day, -1),
      damaged: false,
    });
  }
  backups.push({
    path: `${BACKUP_DIR}/kopie-stick.sqlite`,
    fileName: 'kopie-stick.sqlite',
    sizeBytes: 12_288,
    modified: amsterdam(addDays(today, -20), 16, 12).toISOString(),
    permits: 0,
    lastDay: null,
    damaged: true,
  });
  const newestFirst = () => [...backups].sort((a, b) => ((a.modified ?? '') < (b.modified ?? '') ? 1 : -1));
  const view = (b: MBackup): Backup => ({ path: b.path, fileName: b.fileName, sizeBytes: b.sizeBytes, modified: b.modified });
  const stamp = (iso: string) => {
    const t = new Date(iso);
    const p = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(t);
    const g = (type: string) => p.find((x) => x.type === type)?.value ?? '';
    return `${g('year')}-${g('month')}-${g('day')}-${g('hour')}${g('minute')}${g('second')}`;
  };
  function find(path: string): MBackup {
    const b = backups.find((x) => x.path === path);
    if (!b) throw err('conflict', `${path}: No such file or directory (os error 2)`);
    return b;
  }
  function verify(b: MBackup) {
    if (b.damaged) throw err('conflict', `${b.path} is beschadigd: *** in database main *** Page 3: btreeInitPage() returns error code 11`);
    return { schemaVersion: SCHEMA_VERSION, permits: b.permits, lastDay: b.lastDay };
  }

  return {
    audit,
    async backups() {
      actor();
      return newestFirst().map(view);
    },
    async makeBackup() {
      const s = actor('MakeBackup');
      const at = now();
      const fileName = `marktkantoor-${stamp(at)}.sqlite`;
      const path = `${BACKUP_DIR}/${fileName}`;
      if (backups.some((b) => b.path === path)) throw err('conflict', `${path} bestaat al`);
      const newest = newestFirst().find((b) => !b.damaged);
      const b: MBackup = { path, fileName, sizeBytes: (newest?.sizeBytes ?? 48_000_000) + 4096, modified: at, permits: (newest?.permits ?? 0) + 12, lastDay: today, damaged: false };
      backups.push(b);
      audit('backup.make', 'database', 'backup', null, { file: path }, at, s.id);
      return view(b);
    },
    async checkBackup({ path }) {
      actor();
      return verify(find(path));
    },
    async restoreBackup({ path }) {
      const s = actor('RestoreBackup');
      const b = find(path);
      const checked = verify(b);
      const at = now();
      const safety = `${BACKUP_DIR}/voor-herstel-${stamp(at)}.sqlite`;
      backups.push({ path: safety, fileName: safety.slice(BACKUP_DIR.length + 1), sizeBytes: 48_500_000, modified: at, permits: 42_600, lastDay: today, damaged: false });
      audit('backup.restore', 'database', 'restore', null, { from: path, safety_copy: safety, by: s.username }, at, null);
      ctx.logout();
      return checked;
    },
    async auditLog({ filter, offset, limit }) {
      const day = (field: string, d: string | null) => {
        const t = d?.trim();
        if (!t) return null;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || Number.isNaN(Date.parse(t + 'T00:00:00Z'))) throw invalid(field, 'datum als JJJJ-MM-DD');
        return t;
      };
      const from = day('from', filter.from);
      const until = day('until', filter.until);
      actor('ViewAuditLog');
      const start = from ? amsterdam(from, 0).toISOString() : null;
      const end = until ? amsterdam(addDays(until, 1), 0).toISOString() : null;
      const like = (s: string | null) => s?.replace(/[%_]/g, '').toLowerCase() ?? null;
      const text = like(filter.text?.trim() || null);
      const prefix = like(filter.action?.trim() || null);
      const rows = log
        .filter((l) => filter.accountId === null || l.accountId === filter.accountId)
        .filter((l) => !prefix || l.action.toLowerCase().startsWith(prefix))
        .filter((l) => !filter.entity?.trim() || l.entity === filter.entity.trim())
        .filter((l) => !filter.entityId?.trim() || l.entityId === filter.entityId.trim())
        .filter((l) => !start || l.at >= start)
        .filter((l) => !end || l.at <= end)
        .filter((l) => !text || (l.before ?? '').toLowerCase().includes(text) || (l.after ?? '').toLowerCase().includes(text))
        .sort((a, b) => b.id - a.id);
      const o = Math.max(0, offset);
      const n = Math.min(500, Math.max(1, limit));
      const items: AuditRow[] = rows.slice(o, o + n).map((l) => ({
        id: l.id,
        at: l.at,
        username: ctx.accounts.find((a) => a.id === l.accountId)?.username ?? null,
        action: l.action,
        entity: l.entity,
        entityId: l.entityId,
        before: l.before,
        after: l.after,
      }));
      return { items, total: rows.length };
    },
  };
}
