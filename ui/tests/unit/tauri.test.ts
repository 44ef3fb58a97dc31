// The window's backend (tauri.ts) against a recording `invoke`: each method invokes the
// command of its name with the arguments object as given.
import { describe, expect, it, vi } from 'vitest';

const invoked: { command: string; args: unknown }[] = [];
vi.mock('@tauri-apps/api/core', () => ({
  invoke: async (command: string, args: unknown) => {
    invoked.push({ command, args });
    if (command === 'list_markets') throw { code: 'damaged_database', message: 'beschadigd', fields: [] };
    if (command === 'products') throw 'panic in the command';
    return { answered: command };
  },
}));
vi.mock('@tauri-apps/api/event', () => ({ listen: async () => () => {} }));

const { asAppError, commandName, tauriBackend } = await import('../../src/lib/backend/tauri');
const { COMMANDS } = await import('../../src/lib/backend/contract');
const { DAMAGED_EVENT } = await import('../../src/lib/backend/events');

describe('the Tauri backend', () => {
  it('names each command after the method, in snake_case', () => {
    expect(commandName('searchVendors')).toBe('search_vendors');
    expect(commandName('setMarketBranchRule')).toBe('set_market_branch_rule');
    expect(commandName('startup')).toBe('startup');
  });

  it('each method invokes its own command with the arguments object and answers its answer', async () => {
    const call = tauriBackend as unknown as Record<string, (args?: object) => Promise<unknown>>;
    const skip = ['list_markets', 'products'];
    for (const command of COMMANDS.filter((c) => !skip.includes(c))) {
      const method = Object.keys(tauriBackend).find((m) => commandName(m) === command);
      expect(method, command).toBeDefined();
      const args = { probe: command };
      invoked.length = 0;
      expect(await call[method!](args), command).toEqual({ answered: command });
      expect(invoked, command).toEqual([{ command, args }]);
    }
  });

  it('a damaged database raises the app-wide event; anything not an AppError becomes one', async () => {
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    const seen: unknown[] = [];
    target.addEventListener(DAMAGED_EVENT, (e) => seen.push((e as CustomEvent).detail));
    await expect(tauriBackend.listMarkets()).rejects.toEqual({ code: 'damaged_database', message: 'beschadigd', fields: [] });
    expect(seen.length).toBe(1);
    await expect(tauriBackend.products()).rejects.toEqual({ code: 'internal', message: 'panic in the command', fields: [] });
    expect(seen.length).toBe(1);
    vi.unstubAllGlobals();
  });

  it('passes an AppError through and wraps anything else', () => {
    const e = { code: 'invalid', message: 'x', fields: [{ field: 'code', problem: 'required', message: 'verplicht veld' }] };
    expect(asAppError(e)).toEqual(e);
    expect(asAppError('panic')).toEqual({ code: 'internal', message: 'panic', fields: [] });
  });
});
