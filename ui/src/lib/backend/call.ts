// What both real backends share: the methods made from the command table, the command name
// of a method, and the error as the UI knows it. No Tauri imports: the window and the
// browser (http.ts) use it alike.
import type { Backend } from './api';
import { COMMANDS, type AppError, type Commands } from './contract';

/** The command of a method of `Backend`: its name in snake_case (`searchVendors` → `search_vendors`). */
export function commandName(method: string): string {
  return method.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** The method of a command: its name in camelCase (`search_vendors` → `searchVendors`). */
export function methodName(command: string): string {
  return command.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Every method of `Backend`, each sending its command and arguments through `send`. */
export function methodsOver(send: (command: keyof Commands, args?: object) => Promise<unknown>): Backend {
  const methods = COMMANDS.map((command) => [methodName(command), (args?: object) => send(command, args)]);
  return Object.fromEntries(methods) as Backend;
}

/** A rejected invoke carries an `AppError`; anything else (a panic text) is wrapped as one. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const a = e as Partial<AppError>;
    return { code: String(a.code), message: String(a.message), fields: Array.isArray(a.fields) ? a.fields : [] };
  }
  return { code: 'internal', message: String(e), fields: [] };
}
