// The application's state: start-up, the session and what every screen needs.
import { backend } from './backend';
import { DAMAGED_EVENT } from './backend/events';
import type { AppError, Codes, Session, Startup } from './backend/contract';

class AppState {
  startup = $state<Startup | null>(null);
  session = $state<Session | null>(null);
  codes = $state<Codes | null>(null);
  today = $state('');
  /** The app's clock less the browser's, in ms: the app's clock may be set (a demo, a test). */
  private clockOffset = 0;
  /** Said on the login screen once, after the session ended for a reason (a restore). */
  notice = $state<string | null>(null);
  /** A failure to reach the app at all (not a database error: that is `startup.error`). */
  fatal = $state<AppError | null>(null);
  /** What a session keeps that the next one must not find (the day a screen was on). */
  private forgetters: (() => void)[] = [];

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener(DAMAGED_EVENT, (e) => {
        const error = (e as CustomEvent<AppError>).detail;
        this.startup = { state: 'error', dbPath: this.startup?.dbPath ?? '', error };
      });
    }
  }

  async boot(): Promise<void> {
    try {
      this.startup = await backend.startup();
      if (this.startup.state === 'ready') {
        [this.codes, this.today] = await Promise.all([backend.codes(), backend.today(), this.syncClock()]);
        this.session = await backend.session();
      }
    } catch (e) {
      this.fatal = e as AppError;
    }
  }

  async afterSetup(startup: Startup): Promise<void> {
    this.startup = startup;
    if (startup.state === 'ready') {
      [this.codes, this.today] = await Promise.all([backend.codes(), backend.today(), this.syncClock()]);
    }
  }

  /** Registers what to forget when a session starts or ends (a login starts on today). */
  forgetOnLogin(forget: () => void): void {
    this.forgetters.push(forget);
  }

  private forget(): void {
    for (const f of this.forgetters) f();
  }

  async login(username: string, password: string): Promise<void> {
    this.forget();
    this.session = await backend.login({ username, password });
    this.notice = null;
    [this.today] = await Promise.all([backend.today(), this.syncClock()]);
  }

  /** This moment by the app's clock: the times the UI fills in (a control, a ticket). */
  now(): Date {
    return new Date(Date.now() + this.clockOffset);
  }

  private async syncClock(): Promise<void> {
    const at = Date.parse(await backend.now());
    if (!Number.isNaN(at)) this.clockOffset = at - Date.now();
  }

  async logout(): Promise<void> {
    try {
      await backend.logout();
    } finally {
      this.forget();
      this.session = null;
      location.hash = '';
    }
  }
}

export const app = new AppState();
