/**
 * Executing one diagnosis run (docs/decisions/006-vibration-diagnosis.md, 013-vibration-baselines.md): read the
 * recording's samples, extract the windows' features step by step (the engine is pure: app/domain/vibration/diagnosis),
 * then in one transaction settle the sensor's baseline (a one-channel recording may start or grow its provisional
 * baseline), judge the windows, replace the stored results and mark the run done — or re-queue the run after an error
 * until MAX_ATTEMPTS, then fail it.
 */
import { eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationChannelDiagnosis, vibrationDiagnosis, vibrationDiagnosisRuns, vibrationRecordings, type DiagnosisChannel, type IsoFoundation, type IsoGroup, type SignalUnit } from '~db/schema'
import {
  ENGINE_VERSION,
  extractRecordingSteps,
  isoZone,
  judgeRecording,
  ownNormalOffer,
  wallClockMs,
  type ExtractedChannel,
  type RecordingChannelResult,
  type VibrationUnit,
  type WindowDiagnosis,
} from '~/domain/vibration/diagnosis'
import { wakeDiagnosisWorker } from './diagnosis-wake.server'
import { readRecordingChannels, type RecordingChannels } from './recording-samples.server'
import { candidateOf, settleSensorBaseline, STREAM_CHANNEL, type SensorOffer } from './sensor-baseline.server'

/** A run that throws this often is given up ('failed'). */
export const MAX_ATTEMPTS = 3
const INSERT_BATCH = 400

/** A machine's stored signal unit as the diagnosis engine names it. */
export const DOMAIN_UNIT: Record<SignalUnit, VibrationUnit> = { acceleration_ms2: 'm/s2', acceleration_g: 'g', velocity_mms: 'mm/s', unknown: 'unknown' }

/** One JSON log line (level error) for the diagnosis modules. */
export const logDiagnosisError = (msg: string, extra: Record<string, unknown>) => console.error(JSON.stringify({ level: 'error', msg, ...extra }))

/** Extracts a recording's features step by step, letting other requests run between channels (the server shares one thread). */
async function extract(rec: RecordingChannels): Promise<ExtractedChannel[]> {
  const steps = extractRecordingSteps({ time: rec.time, channels: rec.channels, nominalRpm: rec.machine.nominalRpm, unit: DOMAIN_UNIT[rec.machine.signalUnit] })
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** The stored row of one judged window (`at`: the recording's time axis → wall clock). */
export function windowRow(
  m: { id: string; name: string; isoGroup: IsoGroup | null; isoFoundation: IsoFoundation | null },
  where: { sensorNo: string; recordingId: string; channel: DiagnosisChannel; runId: string | null },
  w: WindowDiagnosis,
  at: (t: number) => Date,
) {
  return {
    machineId: m.id,
    machineName: m.name,
    ...where,
    windowIndex: w.index,
    windowStart: at(w.startTime),
    windowEnd: at(w.endTime),
    detectedAt: at(w.endTime),
    status: w.status,
    faultType: w.faultType,
    confidence: w.confidence,
    features: w.features,
    reason: w.reason,
    velocityRms: w.features.velocityRms,
    isoZone: isoZone(w.features.velocityRms, m.isoGroup, m.isoFoundation),
    engineVersion: ENGINE_VERSION,
  }
}

function windowRows(rec: RecordingChannels, results: RecordingChannelResult[], runId: string, at: (t: number) => Date) {
  return results.flatMap(({ channel, result }) =>
    result.ok ? result.windows.map((w) => windowRow(rec.machine, { sensorNo: rec.sensorNo, recordingId: rec.recordingId, channel: channel as DiagnosisChannel, runId }, w, at)) : [],
  )
}

function channelRows(rec: RecordingChannels, results: RecordingChannelResult[], runId: string) {
  return results.map(({ channel, label, result, baselineSource, baselineRecordingId }) => ({
    recordingId: rec.recordingId,
    channel: channel as DiagnosisChannel,
    machineId: rec.machine.id,
    sensorNo: rec.sensorNo,
    label,
    status: result.ok ? result.summary.status : ('diagnosed' as const),
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
}

/**
 * Settles the sensor's baseline, judges, replaces the recording's stored results and marks the run done, in one
 * transaction. Returns the number of windows and the recordings to judge again (a provisional baseline became usable).
 */
async function saveResults(rec: RecordingChannels, extracted: ExtractedChannel[], runId: string, started: number): Promise<{ windows: number; followUp: string[] }> {
  const m = rec.machine
  const collectedMs = rec.collectedAt.getTime()
  const first = rec.time.length > 0 ? rec.time[0] : 0
  const wallMs = (t: number) => wallClockMs(collectedMs, first, t)
  const at = (t: number) => new Date(wallMs(t))
  return db.transaction(async (tx) => {
    // One writer per recording at a time (an inline re-run and the worker may meet here).
    const [still] = await tx.select({ id: vibrationRecordings.id }).from(vibrationRecordings).where(eq(vibrationRecordings.id, rec.recordingId)).for('update')
    if (!still) return { windows: 0, followUp: [] }
    // A recording with its own Normal channel needs no sensor baseline; a one-channel one may teach the provisional one.
    let sensor: SensorOffer = null
    let followUp: string[] = []
    if (!ownNormalOffer(extracted)) {
      const stream = extracted.find((c) => c.channel === STREAM_CHANNEL)?.features
      const candidate = stream?.ok ? candidateOf(rec.recordingId, stream, wallMs) : null
      const settled = await settleSensorBaseline(tx, { machineId: m.id, sensorNo: rec.sensorNo, spanSeconds: m.baselineSeconds }, candidate)
      sensor = settled.offer
      followUp = settled.rediagnose
    }
    const results = judgeRecording(extracted, { unit: DOMAIN_UNIT[m.signalUnit], isoGroup: m.isoGroup, foundation: m.isoFoundation, recordingId: rec.recordingId, sensor })
    const windows = windowRows(rec, results, runId, at)
    const channels = channelRows(rec, results, runId)
    await tx.delete(vibrationDiagnosis).where(eq(vibrationDiagnosis.recordingId, rec.recordingId))
    await tx.delete(vibrationChannelDiagnosis).where(eq(vibrationChannelDiagnosis.recordingId, rec.recordingId))
    for (let i = 0; i < windows.length; i += INSERT_BATCH) await tx.insert(vibrationDiagnosis).values(windows.slice(i, i + INSERT_BATCH))
    if (channels.length) await tx.insert(vibrationChannelDiagnosis).values(channels)
    await tx
      .update(vibrationDiagnosisRuns)
      .set({ status: 'done', error: null, errorDetail: null, windowCount: windows.length, finishedAt: sql`now()`, durationMs: Math.round(performance.now() - started) })
      .where(eq(vibrationDiagnosisRuns.id, runId))
    return { windows: windows.length, followUp }
  })
}

export interface ClaimedRun {
  id: string
  recordingId: string
  attempts: number
}

/** How a run ended, and the recordings its baseline change asks to judge again (trigger 'baseline'). */
export interface RunOutcome {
  status: 'done' | 'failed' | 'queued'
  followUp: string[]
}

/**
 * Executes a claimed ('running') run: reads the samples, diagnoses, stores. Never throws: a missing recording fails the
 * run; an error re-queues it until MAX_ATTEMPTS, then fails it.
 */
export async function executeRun(run: ClaimedRun): Promise<RunOutcome> {
  const started = performance.now()
  try {
    const rec = await readRecordingChannels(run.recordingId)
    if (!rec) {
      await finishRun(run.id, 'failed', 'vibration.diagnosis.error.gone', null, started)
      return { status: 'failed', followUp: [] }
    }
    // Raw samples past their retention: nothing to judge again; the recording's diagnoses stay as they are.
    if (rec.samplesExpiredAt) {
      await finishRun(run.id, 'failed', 'vibration.diagnosis.error.expired', null, started)
      return { status: 'failed', followUp: [] }
    }
    const saved = await saveResults(rec, await extract(rec), run.id, started)
    return { status: 'done', followUp: saved.followUp }
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
    return { status, followUp: [] }
  }
}

async function finishRun(id: string, status: 'failed' | 'queued', error: string, detail: string | null, started: number) {
  await db
    .update(vibrationDiagnosisRuns)
    .set({ status, error, errorDetail: detail, finishedAt: status === 'failed' ? sql`now()` : null, durationMs: Math.round(performance.now() - started) })
    .where(eq(vibrationDiagnosisRuns.id, id))
}
