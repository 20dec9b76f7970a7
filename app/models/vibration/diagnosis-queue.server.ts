/**
 * Diagnosis runs (`vibration_diagnosis_runs`) as a small job queue: enqueue, claim (`FOR UPDATE SKIP LOCKED`), execute
 * (diagnosis-execute.server.ts), and re-queue what a stopped server left 'running'. The in-process worker
 * (diagnosis-worker.server.ts) works through it. See docs/decisions/006-vibration-diagnosis.md.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationDiagnosisRuns, type DiagnosisTrigger } from '~db/schema'
import type { Actor } from '~/utils/audit.server'
import { executeRun, MAX_ATTEMPTS, type ClaimedRun } from './diagnosis-execute.server'
import { wakeDiagnosisWorker } from './diagnosis-wake.server'

export interface RunRequest {
  trigger: DiagnosisTrigger
  importId?: string | null
  actor?: Actor | null
}

/** Queues a run per recording (a recording that already has a queued run keeps that one). Returns the run ids. */
export async function enqueueDiagnosis(recordingIds: string[], req: RunRequest): Promise<string[]> {
  if (recordingIds.length === 0) return []
  const waiting = await db
    .select({ id: vibrationDiagnosisRuns.id, recordingId: vibrationDiagnosisRuns.recordingId })
    .from(vibrationDiagnosisRuns)
    .where(and(inArray(vibrationDiagnosisRuns.recordingId, recordingIds), eq(vibrationDiagnosisRuns.status, 'queued')))
  const fresh = recordingIds.filter((id) => !waiting.some((w) => w.recordingId === id))
  const created = fresh.length
    ? await db
        .insert(vibrationDiagnosisRuns)
        // Queued in the order given (a sensor's recordings oldest first: its provisional baseline learns from the first).
        .values(fresh.map((recordingId, i) => ({ recordingId, trigger: req.trigger, importId: req.importId ?? null, requestedBy: req.actor?.id ?? null, requestedByName: req.actor?.username ?? null, createdAt: sql`now() + make_interval(secs => ${i / 1e6})` })))
        .returning({ id: vibrationDiagnosisRuns.id })
    : []
  wakeDiagnosisWorker()
  return [...waiting.map((w) => w.id), ...created.map((c) => c.id)]
}

/** Takes the oldest queued run (skipping ones another worker holds) and marks it running. */
export async function claimNextRun(): Promise<ClaimedRun | null> {
  const r = vibrationDiagnosisRuns
  const [run] = await db
    .update(r)
    .set({ status: 'running', attempts: sql`${r.attempts} + 1`, startedAt: sql`now()`, finishedAt: null })
    .where(eq(r.id, sql`(select id from vibration_diagnosis_runs where status = 'queued' order by created_at, id limit 1 for update skip locked)`))
    .returning({ id: r.id, recordingId: r.recordingId, attempts: r.attempts })
  return run ?? null
}

/** Claims and executes one queued run (and queues the re-diagnosis its baseline change asks for); false when the queue is empty. */
export async function processNextRun(): Promise<boolean> {
  const run = await claimNextRun()
  if (!run) return false
  const outcome = await executeRun(run)
  if (outcome.followUp.length) await enqueueDiagnosis(outcome.followUp, { trigger: 'baseline' })
  return true
}

/** Works through the queue until it is empty (or `max` runs); returns how many ran. Tests and the benchmark use it. */
export async function drainDiagnosisQueue(max = Number.POSITIVE_INFINITY): Promise<number> {
  let n = 0
  while (n < max && (await processNextRun())) n++
  return n
}

/**
 * A claimed run that has not finished after this long is taken to be dead (its server stopped) and is re-queued, at
 * boot and by every worker once a minute. The largest seed recording diagnoses in about a second.
 */
export const RUN_LEASE_MS = 10 * 60_000

/**
 * Boot housekeeping: a run left 'running' by a stopped server is queued again (its results were never committed), unless
 * it has used up its attempts (a recording that crashes the server must not do so forever).
 */
export async function requeueInterruptedRuns(staleAfterMs = RUN_LEASE_MS): Promise<{ requeued: number; failed: number }> {
  const r = vibrationDiagnosisRuns
  // Only runs whose lease ran out: with several app instances, another instance's run in progress is left alone.
  const stale = and(eq(r.status, 'running'), sql`(${r.startedAt} is null or ${r.startedAt} <= now() - make_interval(secs => ${staleAfterMs / 1000}))`)
  const failed = await db
    .update(r)
    .set({ status: 'failed', error: 'vibration.diagnosis.error.crashed', finishedAt: sql`now()` })
    .where(and(stale, sql`${r.attempts} >= ${MAX_ATTEMPTS}`))
    .returning({ id: r.id })
  const requeued = await db.update(r).set({ status: 'queued', startedAt: null }).where(stale).returning({ id: r.id })
  return { requeued: requeued.length, failed: failed.length }
}
