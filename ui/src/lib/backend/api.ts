// What the UI may ask of the app: one method per command of the generated contract
// (`contract.ts`, made from the command table in crates/markt-app), named in camelCase after
// the command (`search_vendors` → `searchVendors`), taking the command's arguments object and
// answering its answer. `tauri.ts` implements it with `invoke`; `http.ts` over `markt serve`
// in a browser. Every method rejects with an `AppError`. What each command does is said on
// its function in crates/markt-app/src/commands/.
import type { Change, Commands, JobProgress } from './contract';

/** `search_vendors` → `searchVendors`. */
export type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** A command as a method: no parameter when it takes no arguments. */
type Method<C extends keyof Commands> = keyof Commands[C]['args'] extends never
  ? () => Promise<Commands[C]['answer']>
  : (args: Commands[C]['args']) => Promise<Commands[C]['answer']>;

export type Backend = { [C in keyof Commands as Camel<C>]: Method<C> };

/** What the app tells the UI unasked: the progress of long jobs (exports, imports). Written
 * as properties, not methods: these are events, not commands. */
export interface BackendEvents {
  /** Calls `handler` with each `progress` event until the returned function is called. */
  onProgress: (handler: (progress: JobProgress) => void) => Promise<() => void>;
  /** Calls `handler` with each `changed` event (something a desk stored: this one's own are
   * `mine`) while a clerk is logged in, until the returned function is called; with `null`
   * when the server's stream was away for a while (anything may have changed since). */
  onChanged: (handler: (change: Change | null) => void) => Promise<() => void>;
}
