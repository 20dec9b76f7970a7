/**
 * Running the vibration diagnosis and storing its results (docs/decisions/006-vibration-diagnosis.md):
 * - `diagnoseAfterImport` — the import's hook: small recordings are diagnosed in the request, large ones queued;
 * - runs (`vibration_diagnosis_runs`) as a small job queue: enqueue, claim (`FOR UPDATE SKIP LOCKED`), execute, retry up
 *   to MAX_ATTEMPTS, re-queue at boot what a stopped server left 'running';
 * - the in-process worker started by boot(), which yields to running imports;
 * - re-diagnosis on demand and healthy baselines marked by planners (both audited).
 * The engine itself is pure (app/domain/vibration/diagnosis); this module reads samples, writes rows.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import {
  vibrationBaselines,
  vibrationChannelDiagnosis,
  vibrationDiagnosis,
  vibrationDiagnosisRuns,
  vibrationImports,
  vibrationRecordings,
  type DiagnosisChannel,
  type DiagnosisTrigger,
  type SignalUnit,
} from '~db/schema'
import {
  baselineFromChannel,
  diagnoseRecordingSteps,
  ENGINE_VERSION,
  isoZone,
  wallClockMs,
  type HealthyBaseline,
  type RecordingChannelResult,
  type VibrationUnit,
} from '~/domain/vibration/diagnosis'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { readRecordingChannels, type RecordingChannels } from './vibration.server'

/** Recordings with at most this many stored values (samples × channels, summed over an import) are diagnosed in the request. */
export const INLINE_MAX_VALUES = 262_144
/** A run that throws this often is given up ('failed'). */
export const MAX_ATTEMPTS = 3
const INSERT_BATCH = 400

export const DOMAIN_UNIT: Record<SignalUnit, VibrationUnit> = { acceleration_ms2: 'm/s2', acceleration_g: 'g', velocity_mms: 'mm/s', unknown: 'unknown' }

const log = (msg: string, extra: Record<string, unknown>) => console.error(JSON.stringify({ level: 'error', msg, ...extra }))

// ---- computing and storing one recording --------------------------------------------------------------------------

async function markedBaseline(machineId: string, sensorNo: string): Promise<{ recordingId: string; baseline: HealthyBaseline } | null> {
  const [row] = await db
    .select({ recordingId: vibrationBaselines.recordingId, features: vibrationBaselines.features })
    .from(vibrationBaselines)
    .where(and(eq(vibrationBaselines.machineId, machineId), eq(vibrationBaselines.sensorNo, sensorNo)))
  return row ? { recordingId: row.recordingId, baseline: row.features as unknown as HealthyBaseline } : null
}

/** Diagnoses a recording step by step, letting other requests run between channels (the server shares one thread). */
async function compute(rec: RecordingChannels, marked: Awaited<ReturnType<typeof markedBaseline>>): Promise<RecordingChannelResult[]> {
  const m = rec.machine
  const steps = diagnoseRecordingSteps({
    time: rec.time,
    channels: rec.channels,
    nominalRpm: m.nominalRpm,
    unit: DOMAIN_UNIT[m.signalUnit],
    isoGroup: m.isoGroup,
    foundation: m.isoFoundation,
    marked,
    recordingId: rec.recordingId,
  })
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Replaces a recording's stored results with `results` and marks the run done, in one transaction. */
async function saveResults(rec: RecordingChannels, results: RecordingChannelResult[], runId: string, started: number): Promise<number> {
  const m = rec.machine
  const collectedMs = rec.collectedAt.getTime()
  const first = rec.time.length > 0 ? rec.time[0] : 0
  const at = (t: number) => new Date(wallClockMs(collectedMs, first, t))
  const windowRows = results.flatMap(({ channel, result }) =>
    result.ok
      ? result.windows.map((w) => ({
          machineId: m.id,
          machineName: m.name,
          sensorNo: rec.sensorNo,
          recordingId: rec.recordingId,
          channel: channel as DiagnosisChannel,
          windowIndex: w.index,
          windowStart: at(w.startTime),
          windowEnd: at(w.endTime),
          detectedAt: at(w.endTime),
          faultType: w.faultType,
          confidence: w.confidence,
          features: w.features as unknown as Record<string, unknown>,
          reason: w.reason as unknown as Record<string, unknown>,
          velocityRms: w.features.velocityRms,
          isoZone: isoZone(w.features.velocityRms, m.isoGroup, m.isoFoundation),
          engineVersion: ENGINE_VERSION,
          runId,
        }))
      : [],
  )
  const channelRows = results.map(({ channel, label, result, baselineSource, baselineRecordingId }) => ({
    recordingId: rec.recordingId,
    channel: channel as DiagnosisChannel,
    machineId: m.id,
    sensorNo: rec.sensorNo,
    label,
    faultType: result.ok ? result.summary.faultType : null,
    confidence: result.ok ? result.summary.confidence : null,
    problem: result.ok ? null : result.code,
    votes: result.ok ? [...result.summary.votes] : [0, 0, 0, 0],
    windowCount: result.ok ? result.summary.windowCount : 0,
    shaftHz: result.ok ? result.summary.shaftHz : null,
    speedEstimated: result.ok ? result.summary.speedEstimated : false,
    velocityRms: result.ok ? result.summary.velocityRms : null,
    isoZone: result.ok ? result.summary.isoZone : ('not_zoned' as const),
    sampleRate: result.ok ? result.summary.sampleRate : null,
    resampled: result.ok ? result.summary.resampled : false,
    baselineSource,
    baselineRecordingId,
    engineVersion: ENGINE_VERSION,
    runId,
  }))
  await db.transaction(async (tx) => {
    // One writer per recording at a time (an inline re-run and the worker may meet here).
    const [still] = await tx.select({ id: vibrationRecordings.id }).from(vibrationRecordings).where(eq(vibrationRecordings.id, rec.recordingId)).for('update')
    if (!still) return
    await tx.delete(vibrationDiagnosis).where(eq(vibrationDiagnosis.recordingId, rec.recordingId))
    await tx.delete(vibrationChannelDiagnosis).where(eq(vibrationChannelDiagnosis.recordingId, rec.recordingId))
    for (let i = 0; i < windowRows.length; i += INSERT_BATCH) await tx.insert(vibrationDiagnosis).values(windowRows.slice(i, i + INSERT_BATCH))
    if (channelRows.length) await tx.insert(vibrationChannelDiagnosis).values(channelRows)
    await tx
      .update(vibrationDiagnosisRuns)
      .set({ status: 'done', error: null, errorDetail: null, windowCount: windowRows.length, finishedAt: sql`now()`, durationMs: Math.round(performance.now() - started) })
      .where(eq(vibrationDiagnosisRuns.id, runId))
  })
  return windowRows.length
}

interface ClaimedRun {
  id: string
  recordingId: string
  attempts: number
}

/**
 * Executes a claimed ('running') run: reads the samples, diagnoses, stores. Never throws: a missing recording fails the
 * run; an error re-queues it until MAX_ATTEMPTS, then fails it.
 */
async function executeRun(run: ClaimedRun): Promise<'done' | 'failed' | 'queued'> {
  const started = performance.now()
  try {
    const rec = await readRecordingChannels(run.recordingId)
    if (!rec) {
      await finishRun(run.id, 'failed', 'vibration.diagnosis.error.gone', null, started)
      return 'failed'
    }
    const results = await compute(rec, await markedBaseline(rec.machine.id, rec.sensorNo))
    await saveResults(rec, results, run.id, started)
    return 'done'
  } catch (e) {
    const detail = String((e as Error)?.stack ?? e).slice(0, 2000)
    log('vibration diagnosis run failed', { runId: run.id, recordingId: run.recordingId, attempts: run.attempts, error: detail })
    const status = run.attempts >= MAX_ATTEMPTS ? 'failed' : 'queued'
    try {
      await finishRun(run.id, status, 'vibration.diagnosis.error.crashed', detail, started)
    } catch (e2) {
      log('vibration diagnosis: could not record the failure', { runId: run.id, error: String(e2) })
    }
    if (status === 'queued') wakeDiagnosisWorker()
    return status
  }
}

async function finishRun(id: string, status: 'failed' | 'queued', error: string, detail: string | null, started: number) {
  await db
    .update(vibrationDiagnosisRuns)
    .set({ status, error, errorDetail: detail, finishedAt: status === 'failed' ? sql`now()` : null, durationMs: Math.round(performance.now() - started) })
    .where(eq(vibrationDiagnosisRuns.id, id))
}

// ---- the queue -----------------------------------------------------------------------------------------------------

interface RunRequest {
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
        .values(fresh.map((recordingId) => ({ recordingId, trigger: req.trigger, importId: req.importId ?? null, requestedBy: req.actor?.id ?? null, requestedByName: req.actor?.username ?? null })))
        .returning({ id: vibrationDiagnosisRuns.id })
    : []
  wakeDiagnosisWorker()
  return [...waiting.map((w) => w.id), ...created.map((c) => c.id)]
}

/** Runs the recordings now, in this request (each gets a run row, so the history shows it). */
async function runNow(recordingIds: string[], req: RunRequest): Promise<void> {
  for (const recordingId of recordingIds) {
    const [run] = await db
      .insert(vibrationDiagnosisRuns)
      .values({ recordingId, trigger: req.trigger, importId: req.importId ?? null, requestedBy: req.actor?.id ?? null, requestedByName: req.actor?.username ?? null, status: 'running', attempts: 1, startedAt: sql`now()` })
      .returning({ id: vibrationDiagnosisRuns.id, recordingId: vibrationDiagnosisRuns.recordingId, attempts: vibrationDiagnosisRuns.attempts })
    await executeRun(run)
  }
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

/** Claims and executes one queued run; false when the queue is empty. */
export async function processNextRun(): Promise<boolean> {
  const run = await claimNextRun()
  if (!run) return false
  await executeRun(run)
  return true
}

/** Works through the queue until it is empty (or `max` runs); returns how many ran. Tests and the benchmark use it. */
export async function drainDiagnosisQueue(max = Number.POSITIVE_INFINITY): Promise<number> {
  let n = 0
  while (n < max && (await processNextRun())) n++
  return n
}

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

// ---- when it runs --------------------------------------------------------------------------------------------------

async function sizes(recordingIds: string[]) {
  if (recordingIds.length === 0) return []
  return db
    .select({ id: vibrationRecordings.id, values: sql<number>`(${vibrationRecordings.sampleCount} * cardinality(${vibrationRecordings.channels}))::int` })
    .from(vibrationRecordings)
    .where(inArray(vibrationRecordings.id, recordingIds))
}

/** Inline when the whole set is small, else queued: returns how many ran now and how many wait. */
async function dispatch(recordingIds: string[], req: RunRequest): Promise<{ done: number; queued: number }> {
  const recs = await sizes(recordingIds)
  const total = recs.reduce((s, r) => s + Number(r.values), 0)
  const ids = recs.map((r) => r.id)
  if (total <= INLINE_MAX_VALUES) {
    await runNow(ids, req)
    return { done: ids.length, queued: 0 }
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
    log('vibration diagnosis after import failed', { importId, error: String((e as Error)?.stack ?? e) })
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
    .where(and(eq(r.machineId, target.machineId), target.sensorNo ? eq(r.sensorNo, target.sensorNo) : undefined, target.recordingId ? eq(r.id, target.recordingId) : undefined))
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

// ---- baselines -----------------------------------------------------------------------------------------------------

export type MarkBaselineResult =
  | { ok: true; machineId: string; sensorNo: string; done: number; queued: number }
  | { ok: false; reason: 'not_found' | 'bad_channel' }
  | { ok: false; reason: 'unusable'; code: string }

/** Marks a recording's channel as the healthy baseline of its machine's sensor, then re-diagnoses that sensor. */
export async function markBaseline(actor: Actor, recordingId: string, channel: string): Promise<MarkBaselineResult> {
  const rec = await readRecordingChannels(recordingId)
  if (!rec) return { ok: false, reason: 'not_found' }
  const values = rec.channels[channel as DiagnosisChannel]
  if (!values) return { ok: false, reason: 'bad_channel' }
  const m = rec.machine
  const result = baselineFromChannel({ time: rec.time, values, nominalRpm: m.nominalRpm, unit: DOMAIN_UNIT[m.signalUnit] })
  if (!result.ok) return { ok: false, reason: 'unusable', code: result.code }
  const features = result.baseline as unknown as Record<string, unknown>
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(vibrationBaselines)
      .where(and(eq(vibrationBaselines.machineId, m.id), eq(vibrationBaselines.sensorNo, rec.sensorNo)))
    const values = { machineId: m.id, sensorNo: rec.sensorNo, recordingId, channel: channel as DiagnosisChannel, features, markedBy: actor.id, markedByName: actor.username }
    await tx
      .insert(vibrationBaselines)
      .values(values)
      .onConflictDoUpdate({ target: [vibrationBaselines.machineId, vibrationBaselines.sensorNo], set: { recordingId, channel: values.channel, features, markedBy: actor.id, markedByName: actor.username, markedAt: sql`now()` } })
    await audit(tx, actor, {
      action: 'vibration.baseline.mark',
      entityType: 'vibration_machine',
      entityId: m.id,
      before: before ? { sensorNo: before.sensorNo, recordingId: before.recordingId, channel: before.channel } : null,
      after: { sensorNo: rec.sensorNo, recordingId, channel },
    })
  })
  const counts = await rediagnose(actor, { machineId: m.id, sensorNo: rec.sensorNo }, 'baseline')
  return { ok: true, machineId: m.id, sensorNo: rec.sensorNo, ...counts }
}

/** Removes a sensor's marked baseline, then re-diagnoses that sensor. False when there was none. */
export async function clearBaseline(actor: Actor, machineId: string, sensorNo: string): Promise<{ done: number; queued: number } | null> {
  if (!isUuid(machineId)) return null
  const removed = await db.transaction(async (tx) => {
    const rows = await tx
      .delete(vibrationBaselines)
      .where(and(eq(vibrationBaselines.machineId, machineId), eq(vibrationBaselines.sensorNo, sensorNo)))
      .returning({ recordingId: vibrationBaselines.recordingId, channel: vibrationBaselines.channel })
    if (rows[0]) await audit(tx, actor, { action: 'vibration.baseline.clear', entityType: 'vibration_machine', entityId: machineId, before: { sensorNo, ...rows[0] }, after: null })
    return rows.length > 0
  })
  if (!removed) return null
  return rediagnose(actor, { machineId, sensorNo }, 'baseline')
}

// ---- the in-process worker -----------------------------------------------------------------------------------------

interface WorkerState {
  running: boolean
  busy: Promise<void> | null
  timer: ReturnType<typeof setTimeout> | null
  pollMs: number
  /** When the worker first found an import running (it waits for imports, but not forever). */
  waitingSince: number | null
}

/**
 * A claimed run that has not finished after this long is taken to be dead (its server stopped) and is re-queued, at
 * boot and by every worker once a minute. The largest seed recording diagnoses in about a second.
 */
export const RUN_LEASE_MS = 10 * 60_000
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
      log('vibration diagnosis worker', { error: String((e as Error)?.stack ?? e) })
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
  schedule(0)
}

/**
 * Wakes the worker soon (no-op when it is not started, e.g. in tests: they drain the queue themselves). The short delay
 * lets the next file of a multi-file upload start its import first, which the worker then waits for.
 */
export function wakeDiagnosisWorker() {
  if (worker.running && !worker.busy) schedule(WAKE_DELAY_MS)
}

/** Stops the worker and waits for a run in progress (shutdown). An unfinished run stays 'running' and is re-queued at boot. */
export async function stopDiagnosisWorker(): Promise<void> {
  worker.running = false
  if (worker.timer) clearTimeout(worker.timer)
  worker.timer = null
  await worker.busy
}
