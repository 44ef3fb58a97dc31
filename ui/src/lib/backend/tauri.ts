// The real backend: each method the Tauri command of its name in snake_case.
// This is the only UI file that imports `@tauri-apps/*`.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Backend, BackendEvents } from './api';
import { asAppError, methodsOver } from './call';
import type { Desk } from './connection';
import type { Change, JobProgress } from './contract';
import { DAMAGED_EVENT } from './events';

export { asAppError, commandName } from './call';

async function call(command: string, args?: object): Promise<unknown> {
  try {
    return await invoke(command, args as Record<string, unknown> | undefined);
  } catch (e) {
    const error = asAppError(e);
    // The start-up check runs beside the work and may find damage after the window opened:
    // from then on every command says so, and the app shows what to do instead of a screen.
    if (error.code === 'damaged_database') window.dispatchEvent(new CustomEvent(DAMAGED_EVENT, { detail: error }));
    throw error;
  }
}

export const tauriBackend: Backend = methodsOver(call);

/** The app's `progress` events (the capability allows listening, nothing else). */
export const tauriEvents: BackendEvents = {
  onProgress: (handler) => listen<JobProgress>('progress', (e) => handler(e.payload)),
  // Local: the window's own changes; with an office server: every desk's, from its stream.
  onChanged: (handler) => listen<Change | null>('changed', (e) => handler(e.payload)),
};

/** The window's own connection commands (src-tauri/src/connection.rs). */
export const tauriDesk: Desk = {
  connection: () => call('connection') as ReturnType<Desk['connection']>,
  probeServer: (url) => call('probe_server', { url }) as ReturnType<Desk['probeServer']>,
  setConnection: async (connection) => {
    await call('set_connection', { connection });
  },
};
