// The contract cannot drift: every method of `Backend` (api.ts) is one app command of the
// same name in snake_case — in src-tauri/build.rs (its permission), in the command layer's
// table (crates/markt-app/src/lib.rs, which the window and the server dispatch through) —
// and both implementations (tauri.ts, the mock) have it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandName, tauriBackend } from '../../src/lib/backend/tauri';
import { createMockBackend } from '../../src/lib/backend/mock';
import { httpBackend } from '../../src/lib/backend/http';

const ROOT = join(__dirname, '../../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

/** The method names of `interface Backend`, in order. */
function apiMethods(): string[] {
  const src = read('ui/src/lib/backend/api.ts');
  const body = src.slice(src.indexOf('export interface Backend {'));
  const inner = body.slice(body.indexOf('{') + 1, body.lastIndexOf('}'));
  return [...inner.matchAll(/^\s{2}([a-zA-Z]+)\(/gm)].map((m) => m[1]);
}

function buildCommands(): string[] {
  const src = read('src-tauri/build.rs');
  const list = src.slice(src.indexOf('const COMMANDS'), src.indexOf('];'));
  return [...list.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
}

function handlerCommands(): string[] {
  const src = read('crates/markt-app/src/lib.rs');
  return [...src.matchAll(/^\s+([a-z_]+)\(.*\) -> .+ = \$crate::commands::[a-z_:]+;$/gm)].map((m) => m[1]);
}

const sorted = (xs: string[]) => [...xs].sort();

describe('the contract', () => {
  const methods = apiMethods();

  it('finds the methods, commands and handler entries at all', () => {
    expect(methods.length).toBeGreaterThan(50);
    expect(methods).toContain('findVendor');
    expect(methods).toContain('addAbsence');
    expect(commandName('payOpenAmount')).toBe('pay_open_amount');
  });

  it('each method of api.ts is a command of build.rs, one to one, in snake_case', () => {
    const commands = buildCommands();
    expect(new Set(commands).size, 'no command twice in build.rs').toBe(commands.length);
    expect(sorted(methods.map(commandName))).toEqual(sorted(commands));
  });

  it('the command table dispatches exactly the same commands', () => {
    expect(sorted(handlerCommands())).toEqual(sorted(buildCommands()));
  });

  it('tauri.ts and the mock implement every method, and nothing else', () => {
    expect(sorted(Object.keys(tauriBackend))).toEqual(sorted(methods));
    expect(sorted(Object.keys(createMockBackend({ vendorCount: 400 })))).toEqual(sorted(methods));
  });

  it('http.ts (markt serve) implements every method too, and nothing else', () => {
    expect(sorted(Object.keys(httpBackend))).toEqual(sorted(methods));
  });

  it('the capability grants each command’s permission', () => {
    const capability = read('src-tauri/capabilities/main.json');
    for (const c of buildCommands()) expect(capability, c).toContain(`"allow-${c.replace(/_/g, '-')}"`);
  });
});
