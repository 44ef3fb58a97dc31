// A long job as a screen follows it (job.svelte.ts): cancel reaches the app even when the
// clerk presses Annuleren before the app knows the job (in a browser it starts only once
// the event stream is open).
import { describe, expect, it, vi } from 'vitest';

const asked: string[] = [];
let known = 0;
vi.mock('$lib/backend', () => ({
  // The app knows the job from the third question on.
  backend: { cancelJob: async ({ job }: { job: string }) => (asked.push(job), ++known >= 3) },
  events: { onProgress: async () => () => {} },
}));

const { Job } = await import('../../src/screens/reports/job.svelte');

describe('a job', () => {
  it('asks the app to cancel until it knows the job', async () => {
    const job = new Job();
    let finish!: (v: string) => void;
    const running = job.run('finance', () => new Promise<string>((r) => (finish = r)));
    await vi.waitFor(() => expect(job.running).toBe(true));
    const name = job.name;
    await job.cancel();
    expect(asked.length).toBe(3);
    expect(new Set(asked)).toEqual(new Set([name]));
    expect(job.cancelling).toBe(true);
    finish('gestopt');
    expect(await running).toBe('gestopt');
    expect(job.running).toBe(false);
    expect(job.cancelling).toBe(false);
  });

  it('stops asking when the job ends first, and cancels nothing when none runs', async () => {
    asked.length = 0;
    known = -100;
    const job = new Job();
    let finish!: (v: number) => void;
    const running = job.run('export', () => new Promise<number>((r) => (finish = r)));
    await vi.waitFor(() => expect(job.running).toBe(true));
    const cancelling = job.cancel();
    await vi.waitFor(() => expect(asked.length).toBeGreaterThan(0));
    finish(7);
    expect(await running).toBe(7);
    await cancelling;
    const after = asked.length;
    await new Promise((r) => setTimeout(r, 250));
    expect(asked.length).toBe(after);
    await new Job().cancel();
    expect(asked.length).toBe(after);
  });
});
