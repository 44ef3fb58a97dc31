// The contract cannot drift: the generated command list (contract.ts, from the command layer's
// table in crates/markt-app/src/lib.rs) is the commands src-tauri/build.rs gives a permission
// and the capability grants, and both implementations (tauri.ts in the window, http.ts over
// `markt serve`) have one method per command. That the types match Rust is
// crates/markt-app/tests/contract.rs's check; that the UI uses them right is svelte-check's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodName } from '../../src/lib/backend/call';
import { COMMANDS } from '../../src/lib/backend/contract';
import { commandName, tauriBackend, tauriDesk } from '../../src/lib/backend/tauri';
import { httpBackend } from '../../src/lib/backend/http';

const ROOT = join(__dirname, '../../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

/** The methods of `Backend`: one per generated command. */
const METHODS = COMMANDS.map(methodName);

/** The window's own commands (src-tauri's connection.rs) follow this comment in build.rs. */
const WINDOW_OWN = "// The window's own";

function buildList(from: number, to: number): string[] {
  const src = read('src-tauri/build.rs');
  const list = src.slice(from >= 0 ? from : 0, to);
  return [...list.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
}

/** build.rs's commands of the command layer (before the window's own). */
function buildCommands(): string[] {
  const src = read('src-tauri/build.rs');
  const own = src.indexOf(WINDOW_OWN);
  return buildList(src.indexOf('const COMMANDS'), own >= 0 ? own : src.indexOf('];'));
}

/** build.rs's commands of the window itself (where a desk connects to). */
function windowCommands(): string[] {
  const src = read('src-tauri/build.rs');
  const own = src.indexOf(WINDOW_OWN);
  return own >= 0 ? buildList(own, src.indexOf('];')) : [];
}

function handlerCommands(): string[] {
  const src = read('crates/markt-app/src/lib.rs');
  return [...src.matchAll(/^\s+([a-z_]+)\(.*\) -> .+ = \$crate::commands::[a-z_:]+;$/gm)].map((m) => m[1]);
}

const sorted = (xs: string[]) => [...xs].sort();

describe('the contract', () => {
  const methods = METHODS;

  it('finds the methods, commands and handler entries at all', () => {
    expect(methods.length).toBeGreaterThan(50);
    expect(methods).toContain('findVendor');
    expect(methods).toContain('addAbsence');
    expect(commandName('payOpenAmount')).toBe('pay_open_amount');
    expect(methodName('pay_open_amount')).toBe('payOpenAmount');
    for (const c of COMMANDS) expect(commandName(methodName(c)), c).toBe(c);
  });

  it('each generated command is a command of build.rs, one to one', () => {
    const commands = buildCommands();
    expect(new Set(commands).size, 'no command twice in build.rs').toBe(commands.length);
    expect(sorted(methods.map(commandName))).toEqual(sorted(commands));
  });

  it("the window's own commands are tauriDesk's methods, and no command of the layer", () => {
    const own = windowCommands();
    expect(own).toContain('set_connection');
    expect(sorted(Object.keys(tauriDesk).map(commandName))).toEqual(sorted(own));
    for (const c of own) expect(COMMANDS as readonly string[], c).not.toContain(c);
  });

  it('the command table dispatches exactly the same commands, in the generated order', () => {
    expect(handlerCommands()).toEqual([...COMMANDS]);
  });

  it('tauri.ts implements every method, and nothing else', () => {
    expect(sorted(Object.keys(tauriBackend))).toEqual(sorted(methods));
  });

  it('http.ts (markt serve) implements every method too, and nothing else', () => {
    expect(sorted(Object.keys(httpBackend))).toEqual(sorted(methods));
  });

  it('the capability grants each command’s permission', () => {
    const capability = read('src-tauri/capabilities/main.json');
    for (const c of [...buildCommands(), ...windowCommands()]) expect(capability, c).toContain(`"allow-${c.replace(/_/g, '-')}"`);
  });
});
