// The one way the UI reaches the app: the Tauri commands inside the app's window, else
// `markt serve` over HTTP (a browser). The choice is made when the page loads.
import type { Backend, BackendEvents } from './api';
import type { Desk } from './connection';

export type { Backend, BackendEvents } from './api';
export type { ConnectionChoice, Desk, DeskConnection, ServerProbe } from './connection';
export * from './contract';

/** Tauri 2 sets this up in its window before the page's scripts run. */
const inTauri = '__TAURI_INTERNALS__' in globalThis;

export const backend: Backend = inTauri ? (await import('./tauri')).tauriBackend : (await import('./http')).httpBackend;

/** Progress of long jobs: the app's events (the window's, or the server's stream). */
export const events: BackendEvents = inTauri ? (await import('./tauri')).tauriEvents : (await import('./http')).httpEvents;

/** Where this desk connects to: only in the window (a browser is the server's own client). */
export const desk: Desk | null = inTauri ? (await import('./tauri')).tauriDesk : null;
