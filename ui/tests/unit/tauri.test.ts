import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asAppError, commandName, tauriBackend } from '../../src/lib/backend/tauri';

describe('the Tauri backend', () => {
  it('names each command after the method, in snake_case', () => {
    expect(commandName('searchVendors')).toBe('search_vendors');
    expect(commandName('setMarketBranchRule')).toBe('set_market_branch_rule');
    expect(commandName('startup')).toBe('startup');
  });
  it('implements every method of the contract, and nothing else', () => {
    const api = readFileSync(join(__dirname, '../../src/lib/backend/api.ts'), 'utf8');
    const methods = [...api.matchAll(/^  (\w+)\(/gm)].map((m) => m[1]);
    expect(methods.length).toBeGreaterThan(40);
    expect(Object.keys(tauriBackend).sort()).toEqual(methods.sort());
  });
  it('passes an AppError through and wraps anything else', () => {
    const e = { code: 'invalid', message: 'x', fields: [{ field: 'code', problem: 'required', message: 'verplicht veld' }] };
    expect(asAppError(e)).toEqual(e);
    expect(asAppError('panic')).toEqual({ code: 'internal', message: 'panic', fields: [] });
  });
});
