/**
 * Executing one diagnosis run (docs/decisions/006-vibration-diagnosis.md): read the recording's samples, diagnose them
 * step by step (the engine is pure: app/domain/vibration/diagnosis), replace the stored results and mark the run done —
 * or re-queue it after an error until MAX_ATTEMPTS, then fail it.
 */
import { and, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import {
  vibrationBaselines,
  vibrationChannelDiagnosis,
  vibrationDiagnosis,
  vibrationDiagnosisRuns,
  vibrationRecordings,
  type DiagnosisChannel,
  type SignalUnit,
} from '~db/schema'
import {
  diagnoseRecordingSteps,
  ENGINE_VERSION,
  isoZone,
  wallClockMs,
  type HealthyBaseline,
  type RecordingChannelResult,
  type VibrationUnit,
} from '~/domain/vibration/diagnosis'
import { wakeDiagnosisWorker } from './diagnosis-wake.server'
import { readRecordingChannels, type RecordingChannels } from './recording-samples.server'

/** A run that throws this often is given up ('failed'). */
export const MAX_ATTEMPTS = 3
const INSERT_BATCH = 400

/** A machine's stored signal unit as the diagnosis engine names it. */
export const DOMAIN_UNIT: Record<SignalUnit, VibrationUnit> = { acceleration_ms2: 'm/s2', acceleration_g: 'g', velocity_mms: 'mm/s', unknown: 'unknown' }

/** One JSON log line (level error) for the diagnosis modules. */
export const logDiagnosisError = (msg: string, extra: Record<string, unknown>) => console.error(JSON.stringify({ level: 'error', msg, ...extra }))

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
export interface ClaimedRun {
  id: string
  recordingId: string
  attempts: number
}

/**
 * Executes a claimed ('running') run: reads the samples, diagnoses, stores. Never throws: a missing recording fails the
 * run; an error re-queues it until MAX_ATTEMPTS, then fails it.
 */
export async function executeRun(run: ClaimedRun): Promise<'done' | 'failed' | 'queued'> {
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
    logDiagnosisError('vibration diagnosis run failed', { runId: run.id, recordingId: run.recordingId, attempts: run.attempts, error: detail })
    const status = run.attempts >= MAX_ATTEMPTS ? 'failed' : 'queued'
    try {
      await finishRun(run.id, status, 'vibration.diagnosis.error.crashed', detail, started)
    } catch (e2) {
      logDiagnosisError('vibration diagnosis: could not record the failure', { runId: run.id, error: String(e2) })
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
