// Methods of the contract whose mock is still being written (controls, tickets, backups,
// the audit log): they answer with a plain error, so browser tests of other screens run.
// The screens of those features replace this file with a real mock.
import type { Backend } from './api';
import type { AppError } from './types';

type Pending =
  | 'controlRound'
  | 'drawSample'
  | 'redrawSample'
  | 'recordControl'
  | 'controlsOf'
  | 'violations'
  | 'addViolation'
  | 'decideTicket'
  | 'createTicket'
  | 'setTicketStatus'
  | 'payTicket'
  | 'tickets'
  | 'getTicket'
  | 'addTicketPhoto'
  | 'backups'
  | 'makeBackup'
  | 'checkBackup'
  | 'restoreBackup'
  | 'auditLog';

function pending(): Promise<never> {
  const e: AppError = { code: 'not_in_mock', message: 'niet in de testomgeving', fields: [] };
  return Promise.reject(e);
}

export const pendingMock: Pick<Backend, Pending> = {
  controlRound: pending,
  drawSample: pending,
  redrawSample: pending,
  recordControl: pending,
  controlsOf: pending,
  violations: pending,
  addViolation: pending,
  decideTicket: pending,
  createTicket: pending,
  setTicketStatus: pending,
  payTicket: pending,
  tickets: pending,
  getTicket: pending,
  addTicketPhoto: pending,
  backups: pending,
  makeBackup: pending,
  checkBackup: pending,
  restoreBackup: pending,
  auditLog: pending,
};
