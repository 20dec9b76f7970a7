/**
 * The in-process diagnosis worker started by boot(): polls the queue (diagnosis-queue.server.ts), is woken when a run is
 * queued (diagnosis-wake.server.ts), yields to running imports and re-queues runs whose lease ran out.
 */
import { eq } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationImports } from '~db/schema'
import { logDiagnosisError } from './diagnosis-execute.server'
import { processNextRun, requeueInterruptedRuns } from './diagnosis-queue.server'
import { onWakeDiagnosisWorker } from './diagnosis-wake.server'

interface WorkerState {
  running: boolean
  busy: Promise<void> | null
  timer: ReturnType<typeof setTimeout> | null
  pollMs: number
  /** When the worker first found an import running (it waits for imports, but not forever). */
  waitingSince: number | null
}

/** When this worker last re-queued runs whose lease (RUN_LEASE_MS) ran out. */
let lastLeaseCheck = 0

/** How long the worker lets running imports go first before it works anyway. */
const YIELD_TO_IMPORTS_MS = 60_000
const WAKE_DELAY_MS = 1000
const g = globalThis as typeof globalThis & { __mesDiagnosisWorker?: WorkerState }
const worker: WorkerState = (g.__mesDiagnosisWorker ??= { running: false, busy: null, timer: null, pollMs: 5000, waitingSince: null })

function schedule(ms: number) {
  if (!worker.running) return
  if (worker.timer) clearTimeout(worker.timer)
  worker.timer = setTimeout(() => void tick(), ms)
  worker.timer.unref?.()
}

async function importRunning(): Promise<boolean> {
  const [row] = await db.select({ id: vibrationImports.id }).from(vibrationImports).where(eq(vibrationImports.status, 'running')).limit(1)
  return !!row
}

async function tick() {
  worker.timer = null
  if (!worker.running || worker.busy) return
  let next = worker.pollMs
  worker.busy = (async () => {
    try {
      // An import in progress goes first (diagnosis would slow it down); after a minute the queue moves anyway.
      if (await importRunning()) {
        worker.waitingSince ??= Date.now()
        if (Date.now() - worker.waitingSince < YIELD_TO_IMPORTS_MS) {
          next = 1000
          return
        }
      }
      worker.waitingSince = null
      if (Date.now() - lastLeaseCheck > 60_000) {
        lastLeaseCheck = Date.now()
        await requeueInterruptedRuns()
      }
      if (await processNextRun()) next = 0
    } catch (e) {
      logDiagnosisError('vibration diagnosis worker', { error: String((e as Error)?.stack ?? e) })
    }
  })()
  await worker.busy
  worker.busy = null
  schedule(next)
}

/** Starts the worker (boot): it polls the queue every `pollMs` and is woken at once when something is queued. */
export function startDiagnosisWorker(options: { pollMs?: number } = {}) {
  worker.pollMs = options.pollMs ?? 5000
  worker.running = true
  onWakeDiagnosisWorker(wakeSoon)
  schedule(0)
}

/**
 * What `wakeDiagnosisWorker` does once the worker has started: a run soon (not while it works, and never once stopped).
 * The short delay lets the next file of a multi-file upload start its import first, which the worker then waits for.
 */
function wakeSoon() {
  if (worker.running && !worker.busy) schedule(WAKE_DELAY_MS)
}

/** Stops the worker and waits for a run in progress (shutdown). An unfinished run stays 'running' and is re-queued at boot. */
export async function stopDiagnosisWorker(): Promise<void> {
  worker.running = false
  if (worker.timer) clearTimeout(worker.timer)
  worker.timer = null
  await worker.busy
}
