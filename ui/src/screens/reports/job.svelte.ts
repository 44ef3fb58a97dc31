// A long job (an export, an import) as a screen follows it: its progress from the app's
// `progress` events, and cancel. The work itself is one backend call; cancelling asks the
// app to stop it, and the call then rejects with code `cancelled` (nothing stored).
import { backend, events } from '$lib/backend';
import type { JobProgress } from '$lib/backend/contract';
import { jobName } from './report-logic';

/** How often `cancel` asks again while the app does not know the job yet. */
const CANCEL_RETRY_MS = 100;

export class Job {
  name = $state<string | null>(null);
  progress = $state<JobProgress | null>(null);
  cancelling = $state(false);

  get running(): boolean {
    return this.name !== null;
  }

  /** Runs `work` as a new job named after `what`; resolves or rejects as the work does. */
  async run<T>(what: string, work: (job: string) => Promise<T>): Promise<T> {
    const name = jobName(what);
    this.name = name;
    this.progress = null;
    this.cancelling = false;
    const stop = await events.onProgress((p) => {
      if (p.job === name) this.progress = p;
    });
    try {
      return await work(name);
    } finally {
      stop();
      this.name = null;
      this.cancelling = false;
    }
  }

  async cancel(): Promise<void> {
    const name = this.name;
    if (!name) return;
    this.cancelling = true;
    // The app knows a job only once its work has started (in a browser that waits for the
    // event stream to open): until then `cancelJob` answers false, so ask again while the
    // job is still this screen's.
    while (this.name === name && !(await backend.cancelJob({ job: name }))) {
      await new Promise((r) => setTimeout(r, CANCEL_RETRY_MS));
    }
  }
}

/** How far, 0–100, or null when the phase's total is unknown. */
export function percent(p: JobProgress | null): number | null {
  if (!p || p.total === null || p.total <= 0) return null;
  return Math.min(100, Math.round((p.done / p.total) * 100));
}
