// The application's state: start-up, the session and what every screen needs.
import { backend } from './backend';
import { DAMAGED_EVENT } from './backend/events';
import type { AppError, Codes, Session, Startup } from './backend/types';

class AppState {
  startup = $state<Startup | null>(null);
  session = $state<Session | null>(null);
  codes = $state<Codes | null>(null);
  today = $state('');
  /** Said on the login screen once, after the session ended for a reason (a restore). */
  notice = $state<string | null>(null);
  /** A failure to reach the app at all (not a database error: that is `startup.error`). */
  fatal = $state<AppError | null>(null);

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
        [this.codes, this.today] = await Promise.all([backend.codes(), backend.today()]);
        this.session = await backend.session();
      }
    } catch (e) {
      this.fatal = e as AppError;
    }
  }

  async afterSetup(startup: Startup): Promise<void> {
    this.startup = startup;
    if (startup.state === 'ready') [this.codes, this.today] = await Promise.all([backend.codes(), backend.today()]);
  }

  async login(username: string, password: string): Promise<void> {
    this.session = await backend.login({ username, password });
    this.notice = null;
    this.today = await backend.today();
  }

  async logout(): Promise<void> {
    try {
      await backend.logout();
    } finally {
      this.session = null;
      location.hash = '';
    }
  }
}

export const app = new AppState();
