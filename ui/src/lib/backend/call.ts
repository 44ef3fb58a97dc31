// What both real backends share: the command name of a method, and the error as the UI
// knows it. No imports: the Tauri window and the browser (http.ts) use it alike.
import type { AppError } from './types';

/** The command of a method of `Backend`: its name in snake_case (`searchVendors` → `search_vendors`). */
export function commandName(method: string): string {
  return method.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** A rejected invoke carries an `AppError`; anything else (a panic text) is wrapped as one. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const a = e as Partial<AppError>;
    return { code: String(a.code), message: String(a.message), fields: Array.isArray(a.fields) ? a.fields : [] };
  }
  return { code: 'internal', message: String(e), fields: [] };
}
