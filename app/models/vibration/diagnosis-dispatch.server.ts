/**
 * When a diagnosis runs (docs/decisions/006-vibration-diagnosis.md): after an import and on a re-diagnosis request, a small
 * set of recordings is diagnosed in the request, a large one queued for the worker.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationDiagnosisRuns, vibrationRecordings, type DiagnosisTrigger } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { executeRun, logDiagnosisError } from './diagnosis-execute.server'
import { enqueueDiagnosis, type RunRequest } from './diagnosis-queue.server'

/** Recordings with at most this many stored values (samples × channels, summed over an import) are diagnosed in the request. */
export const INLINE_MAX_VALUES = 262_144

/**
 * Runs the recordings now, in this request (each gets a run row, so the history shows it), in the order given. Returns
 * the recordings a run's baseline change asks to judge again (a sensor's provisional baseline became usable).
 */
async function runNow(recordingIds: string[], req: RunRequest): Promise<string[]> {
  const followUp: string[] = []
  for (const recordingId of recordingIds) {
    const [run] = await db
      .insert(vibrationDiagnosisRuns)
      .values({ recordingId, trigger: req.trigger, importId: req.importId ?? null, requestedBy: req.actor?.id ?? null, requestedByName: req.actor?.username ?? null, status: 'running', attempts: 1, startedAt: sql`now()` })
      .returning({ id: vibrationDiagnosisRuns.id, recordingId: vibrationDiagnosisRuns.recordingId, attempts: vibrationDiagnosisRuns.attempts })
    const outcome = await executeRun(run)
    followUp.push(...outcome.followUp.filter((id) => !followUp.includes(id)))
  }
  return followUp
}

/** Sizes of the recordings, oldest first (a sensor's provisional baseline learns from its first recordings). */
async function sizes(recordingIds: string[]) {
  if (recordingIds.length === 0) return []
  return db
    .select({ id: vibrationRecordings.id, values: sql<number>`(${vibrationRecordings.sampleCount} * cardinality(${vibrationRecordings.channels}))::int` })
    .from(vibrationRecordings)
    .where(inArray(vibrationRecordings.id, recordingIds))
    .orderBy(asc(vibrationRecordings.collectedAt), asc(vibrationRecordings.id))
}

/** Inline when the whole set is small, else queued: returns how many ran now and how many wait. */
async function dispatch(recordingIds: string[], req: RunRequest): Promise<{ done: number; queued: number }> {
  const recs = await sizes(recordingIds)
  const total = recs.reduce((s, r) => s + Number(r.values), 0)
  const ids = recs.map((r) => r.id)
  if (total <= INLINE_MAX_VALUES) {
    const followUp = await runNow(ids, req)
    // A baseline that became usable: the recordings it was learned from are judged again with it (once: it only becomes
    // usable once).
    const again = followUp.length ? await dispatch(followUp, { trigger: 'baseline', actor: req.actor }) : { done: 0, queued: 0 }
    return { done: ids.length + again.done, queued: again.queued }
  }
  await enqueueDiagnosis(ids, req)
  return { done: 0, queued: ids.length }
}

/**
 * The import's hook, called once after its transaction committed: diagnoses the recordings that received samples.
 * Never throws — a failed diagnosis is recorded on its run, the import stays imported.
 */
export async function diagnoseAfterImport(importId: string, recordingIds: string[], actor: Actor): Promise<void> {
  try {
    await dispatch(recordingIds, { trigger: 'import', importId, actor })
  } catch (e) {
    logDiagnosisError('vibration diagnosis after import failed', { importId, error: String((e as Error)?.stack ?? e) })
  }
}

/** Which recordings a re-diagnosis covers. */
export interface RediagnoseTarget {
  machineId: string
  sensorNo?: string | null
  recordingId?: string | null
}

async function targetRecordings(target: RediagnoseTarget): Promise<string[]> {
  if (!isUuid(target.machineId) || (target.recordingId && !isUuid(target.recordingId))) return []
  const r = vibrationRecordings
  const rows = await db
    .select({ id: r.id })
    .from(r)
    // A recording whose raw samples expired keeps the diagnoses it has (nothing to judge again).
    .where(and(eq(r.machineId, target.machineId), isNull(r.samplesExpiredAt), target.sensorNo ? eq(r.sensorNo, target.sensorNo) : undefined, target.recordingId ? eq(r.id, target.recordingId) : undefined))
    .orderBy(asc(r.collectedAt))
  return rows.map((x) => x.id)
}

/** Re-diagnoses a machine's recordings (all, one sensor's or one) after a threshold, setting or baseline change. */
export async function rediagnose(actor: Actor, target: RediagnoseTarget, trigger: DiagnosisTrigger = 'rediagnose'): Promise<{ done: number; queued: number }> {
  const ids = await targetRecordings(target)
  if (ids.length === 0) return { done: 0, queued: 0 }
  if (trigger === 'rediagnose') {
    await audit(db, actor, { action: 'vibration.diagnosis.rerun', entityType: 'vibration_machine', entityId: target.machineId, after: { ...target, recordings: ids.length } })
  }
  return dispatch(ids, { trigger, actor })
}
