// A long job (an export, an import) as a screen follows it: its progress from the app's
// `progress` events, and cancel. The work itself is one backend call; cancelling asks the
// app to stop it, and the call then rejects with code `cancelled` (nothing stored).
import { backend, events } from '$lib/backend';
import type { JobProgress } from '$lib/backend/types';
import { jobName } from './report-logic';

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
    if (!this.name) return;
    this.cancelling = true;
    await backend.cancelJob({ job: this.name });
  }
}

/** How far, 0–100, or null when the phase's total is unknown. */
export function percent(p: JobProgress | null): number | null {
  if (!p || p.total === null || p.total <= 0) return null;
  return Math.min(100, Math.round((p.done / p.total) * 100));
}
