/**
 * Waking the diagnosis worker when a run is queued. The worker (diagnosis-worker.server.ts) hands over how it is woken
 * when it starts; the queue and the run execution only call `wakeDiagnosisWorker`, so they do not import the worker
 * (which imports them).
 */

let wake: (() => void) | null = null

/** Called by startDiagnosisWorker with what waking means for the running worker. */
export function onWakeDiagnosisWorker(fn: () => void) {
  wake = fn
}

/**
 * Wakes the worker soon (no-op when it is not started, e.g. in tests: they drain the queue themselves). The short delay
 * lets the next file of a multi-file upload start its import first, which the worker then waits for.
 */
export function wakeDiagnosisWorker() {
  wake?.()
}
