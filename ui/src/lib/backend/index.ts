// The one way the UI reaches the app: the mock when Vite runs with `--mode mock`, else the
// Tauri commands inside the app's window, else `markt serve` over HTTP (a browser). The mock
// condition is a constant at build time, so the real build drops the mock's dynamic import
// and contains no mock data at all; the other two are chosen when the page loads.
import type { Backend, BackendEvents } from './api';

export type { Backend, BackendEvents } from './api';
export * from './types';

export const isMock: boolean = import.meta.env.MODE === 'mock';

/** Tauri 2 sets this up in its window before the page's scripts run. */
const inTauri = '__TAURI_INTERNALS__' in globalThis;

export const backend: Backend =
  import.meta.env.MODE === 'mock'
    ? (await import('./mock')).createMockBackend(mockOptionsFromUrl())
    : inTauri
      ? (await import('./tauri')).tauriBackend
      : (await import('./http')).httpBackend;

/** Progress of long jobs: the app's events (the window's, or the server's stream), or the
 * mock's (which simulates them). */
export const events: BackendEvents =
  import.meta.env.MODE === 'mock'
    ? (await import('./mock-reports')).mockEvents
    : inTauri
      ? (await import('./tauri')).tauriEvents
      : (await import('./http')).httpEvents;

/** Browser tests pick a start-up state with `?mock=needs_setup` or `?mock=error`, and slow
 * the mock's jobs with `?step=MS`. */
function mockOptionsFromUrl(): { startup?: 'ready' | 'needs_setup' | 'error'; jobStepMs?: number } {
  const params = new URLSearchParams(globalThis.location?.search ?? '');
  const q = params.get('mock');
  const step = Number(params.get('step'));
  return {
    ...(q === 'needs_setup' || q === 'error' ? { startup: q } : {}),
    ...(step > 0 ? { jobStepMs: step } : {}),
  };
}
