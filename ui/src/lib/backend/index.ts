// The one way the UI reaches the app. The mock is chosen only when Vite runs with
// `--mode mock`: the condition is a constant at build time, so the real build drops the
// mock's dynamic import and contains no mock data at all.
import type { Backend } from './api';

export type { Backend } from './api';
export * from './types';

export const isMock: boolean = import.meta.env.MODE === 'mock';

export const backend: Backend =
  import.meta.env.MODE === 'mock'
    ? (await import('./mock')).createMockBackend(mockOptionsFromUrl())
    : (await import('./tauri')).tauriBackend;

/** Browser tests pick a start-up state with `?mock=needs_setup` or `?mock=error`. */
function mockOptionsFromUrl(): { startup?: 'ready' | 'needs_setup' | 'error' } {
  const q = new URLSearchParams(globalThis.location?.search ?? '').get('mock');
  return q === 'needs_setup' || q === 'error' ? { startup: q } : {};
}
