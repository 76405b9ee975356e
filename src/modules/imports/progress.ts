/**
 * Live progress of imports running in this process. The write phase is one transaction, so its
 * progress is not visible in the database (and on PGlite nothing else can query meanwhile);
 * status pages served by this process read it from here.
 */
export interface LiveProgress { status: 'validating' | 'importing'; done: number; total: number }

const live = new Map<string, LiveProgress>();

export function setProgress(jobId: string, p: LiveProgress): void {
  live.set(jobId, p);
}

export function getProgress(jobId: string): LiveProgress | undefined {
  return live.get(jobId);
}

export function clearProgress(jobId: string): void {
  live.delete(jobId);
}

/** Jobs running in this process now (the sweep never fails these). */
export function liveJobIds(): string[] {
  return [...live.keys()];
}
