/**
 * A sensor's stored baseline (vibration_baselines) as the diagnosis uses it: read it, let a recording grow the automatic
 * provisional baseline (app/domain/vibration/diagnosis/baselines.ts), and rebuild that from the stored window features.
 * See docs/decisions/013-vibration-baselines.md.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '~db/client.server'
import { vibrationBaselines, vibrationDiagnosis, vibrationRecordings, type DiagnosisChannel, type VibrationBaseline } from '~db/schema'
import {
  baselineFromFigures,
  extendProvisional,
  featuresFromSummary,
  PROVISIONAL,
  provisionalBaseline,
  provisionalRecordings,
  summarizeFeatures,
  type BaselineOffer,
  type CandidateRecording,
  type ChannelFeatures,
  type ProvisionalState,
} from '~/domain/vibration/diagnosis'

/** Windows of one recording a rebuild reads at most (≈ 50 minutes at 1.36 kHz: more than any span needs). */
const REBUILD_WINDOWS_PER_RECORDING = 2000

/** The channel of one-channel recordings: the stream a sensor's stored baseline applies to. */
export const STREAM_CHANNEL: DiagnosisChannel = 'value'


/** A sensor's baseline as the judge takes it (null while a provisional one is still forming). */
export type SensorOffer = (BaselineOffer & { source: 'marked' | 'provisional' }) | null

/** The stored baseline row of a sensor's stream (locked for the transaction when `lock`). */
export async function sensorBaselineRow(q: DbOrTx, machineId: string, sensorNo: string, lock = false): Promise<VibrationBaseline | null> {
  const b = vibrationBaselines
  const query = q
    .select()
    .from(b)
    .where(and(eq(b.machineId, machineId), eq(b.sensorNo, sensorNo), eq(b.streamChannel, STREAM_CHANNEL)))
  const [row] = lock ? await query.for('update') : await query
  return row ?? null
}

/** What a stored row offers the judge: a marked baseline always, a provisional one once it has enough windows. */
export function offerOf(row: VibrationBaseline | null): SensorOffer {
  if (!row) return null
  if (row.source === 'provisional' && row.windowCount < PROVISIONAL.minWindows) return null
  return { baseline: row.features, recordingId: row.recordingId, source: row.source }
}

/** The windows of a provisional row, from the stored window features of its recordings (in time order). */
async function provisionalState(q: DbOrTx, row: VibrationBaseline): Promise<ProvisionalState> {
  const d = vibrationDiagnosis
  const windows =
    row.recordingIds.length && row.rangeTo
      ? await q
          .select({ recordingId: d.recordingId, start: d.windowStart, end: d.windowEnd, features: d.features })
          .from(d)
          .where(and(eq(d.machineId, row.machineId), eq(d.sensorNo, row.sensorNo), eq(d.channel, STREAM_CHANNEL), inArray(d.recordingId, row.recordingIds), lte(d.windowEnd, row.rangeTo)))
          .orderBy(asc(d.windowStart))
      : []
  return {
    windows: windows.map((w) => ({ recordingId: w.recordingId, startMs: w.start.getTime(), endMs: w.end.getTime(), features: w.features })),
    growing: row.growing,
    closed: row.closedReason && row.closedRecordingId ? { reason: row.closedReason, recordingId: row.closedRecordingId } : null,
  }
}

/** Stores a provisional state as the sensor's row (replacing a provisional one; the caller never passes a marked one). */
async function saveProvisional(tx: Tx, machineId: string, sensorNo: string, state: ProvisionalState): Promise<void> {
  const features = baselineFromFigures(state.windows.map((w) => w.features))
  if (!features) return
  const ids = provisionalRecordings(state)
  const values = {
    source: 'provisional' as const,
    recordingId: ids[0] ?? null,
    channel: STREAM_CHANNEL,
    recordingIds: ids,
    rangeFrom: new Date(state.windows[0].startMs),
    rangeTo: new Date(state.windows[state.windows.length - 1].endMs),
    windowCount: state.windows.length,
    features,
    growing: state.growing,
    closedReason: state.closed?.reason ?? null,
    closedRecordingId: state.closed?.recordingId ?? null,
    markedBy: null,
    markedByName: null,
  }
  await tx
    .insert(vibrationBaselines)
    .values({ machineId, sensorNo, streamChannel: STREAM_CHANNEL, ...values })
    .onConflictDoUpdate({ target: [vibrationBaselines.machineId, vibrationBaselines.sensorNo, vibrationBaselines.streamChannel], set: { ...values, changedAt: sql`now()` } })
}

/** A recording's one-channel windows on the wall clock, offered to the provisional baseline. */
export function candidateOf(recordingId: string, features: Extract<ChannelFeatures, { ok: true }>, wallMs: (t: number) => number): CandidateRecording {
  return {
    recordingId,
    windows: features.windows.map((w) => ({ startMs: wallMs(w.startTime), endMs: wallMs(w.endTime), features: w.features, summary: summarizeFeatures(w.features) })),
  }
}

/**
 * Inside a recording's save transaction: the sensor's baseline for it. A marked or closed provisional baseline is used as
 * it is; otherwise the recording is offered to the provisional baseline first (which may start, grow or close it).
 * `rediagnose` lists the other recordings to judge again (the baseline has just become usable for them).
 */
export async function settleSensorBaseline(
  tx: Tx,
  target: { machineId: string; sensorNo: string; spanSeconds: number },
  candidate: CandidateRecording | null,
): Promise<{ offer: SensorOffer; rediagnose: string[] }> {
  const row = await sensorBaselineRow(tx, target.machineId, target.sensorNo, true)
  if (!candidate || (row && (row.source === 'marked' || !row.growing))) return { offer: offerOf(row), rediagnose: [] }
  const state = row ? await provisionalState(tx, row) : null
  const step = extendProvisional(state, candidate, { spanSeconds: target.spanSeconds })
  if (step.changed) await saveProvisional(tx, target.machineId, target.sensorNo, step.state)
  const ids = provisionalRecordings(step.state)
  return {
    offer: step.baseline ? { baseline: step.baseline, recordingId: ids[0] ?? null, source: 'provisional' } : null,
    rediagnose: step.becameUsable ? ids.filter((id) => id !== candidate.recordingId) : [],
  }
}

/**
 * Learns a sensor's provisional baseline again from scratch, from the stored window features of its one-channel
 * recordings in time order (after a marked baseline was removed, or before the whole machine is re-diagnosed). A marked
 * baseline is left alone. Returns whether the sensor has a provisional baseline now.
 */
export async function rebuildProvisional(machineId: string, sensorNo: string, spanSeconds: number): Promise<boolean> {
  const d = vibrationDiagnosis
  const r = vibrationRecordings
  const recordings = await db
    .select({ id: r.id })
    .from(r)
    .where(and(eq(r.machineId, machineId), eq(r.sensorNo, sensorNo), sql`${STREAM_CHANNEL} = any(${r.channels})`))
    .orderBy(asc(r.collectedAt), asc(r.id))
  // Recording by recording until the baseline closes (its span, or a deviation): only the first data is ever read.
  let state: ProvisionalState | null = null
  for (const { id } of recordings) {
    const windows = await db
      .select({ start: d.windowStart, end: d.windowEnd, features: d.features })
      .from(d)
      .where(and(eq(d.recordingId, id), eq(d.channel, STREAM_CHANNEL)))
      .orderBy(asc(d.windowIndex))
      .limit(REBUILD_WINDOWS_PER_RECORDING)
    if (windows.length === 0) continue
    const candidate = { recordingId: id, windows: windows.map((w) => ({ startMs: w.start.getTime(), endMs: w.end.getTime(), features: featuresFromSummary(w.features), summary: w.features })) }
    state = extendProvisional(state, candidate, { spanSeconds }).state
    if (!state.growing) break
  }
  if (state && state.windows.length === 0) state = null
  return db.transaction(async (tx) => {
    const row = await sensorBaselineRow(tx, machineId, sensorNo, true)
    if (row?.source === 'marked') return true
    if (row) await tx.delete(vibrationBaselines).where(and(eq(vibrationBaselines.machineId, machineId), eq(vibrationBaselines.sensorNo, sensorNo), eq(vibrationBaselines.streamChannel, STREAM_CHANNEL)))
    if (!state) return false
    await saveProvisional(tx, machineId, sensorNo, state)
    return provisionalBaseline(state) !== null
  })
}
