// The one way the UI reaches the app. The mock is chosen only when Vite runs with
// `--mode mock`: the condition is a constant at build time, so the real build drops the
// mock's dynamic import and contains no mock data at all.
import type { Backend, BackendEvents } from './api';

export type { Backend, BackendEvents } from './api';
export * from './types';

export const isMock: boolean = import.meta.env.MODE === 'mock';

export const backend: Backend =
  import.meta.env.MODE === 'mock'
    ? (await import('./mock')).createMockBackend(mockOptionsFromUrl())
    : (await import('./tauri')).tauriBackend;

/** Progress of long jobs: the app's events, or the mock's (which simulates them). */
export const events: BackendEvents =
  import.meta.env.MODE === 'mock' ? (await import('./mock-reports')).mockEvents : (await import('./tauri')).tauriEvents;

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
