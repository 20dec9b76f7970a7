/**
 * Baselines planners choose (audited): mark a recording's channel or a time range of a sensor's one-channel data,
 * confirm the automatic provisional baseline, or remove a marked one (the provisional baseline is then learned again from
 * the sensor's first data). Every change that alters what the sensor is judged against re-diagnoses that sensor — inline
 * when small, else in the background with its progress on the machine page. See docs/decisions/013-vibration-baselines.md.
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationBaselines, vibrationChannelDiagnosis, vibrationDiagnosis, vibrationMachines, type DiagnosisChannel } from '~db/schema'
import { baselineFromChannel, baselineFromFigures, PROVISIONAL, type HealthyBaseline } from '~/domain/vibration/diagnosis'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { DOMAIN_UNIT } from './diagnosis-execute.server'
import { rediagnose } from './diagnosis-dispatch.server'
import { readRecordingChannels } from './recording-samples.server'
import { rebuildProvisional, sensorBaselineRow, STREAM_CHANNEL } from './sensor-baseline.server'

export type MarkBaselineResult =
  | { ok: true; machineId: string; sensorNo: string; done: number; queued: number }
  | { ok: false; reason: 'not_found' | 'bad_channel' }
  | { ok: false; reason: 'unusable'; code: string }

/** What a marked baseline is made of. */
interface MarkedValues {
  recordingId: string | null
  channel: DiagnosisChannel
  recordingIds: string[]
  rangeFrom: Date | null
  rangeTo: Date | null
  features: HealthyBaseline
}

/** Stores a sensor's marked baseline (replacing whatever it had) with its audit row. */
async function saveMarked(actor: Actor, machineId: string, sensorNo: string, v: MarkedValues, how: 'recording' | 'range' | 'confirm') {
  await db.transaction(async (tx) => {
    const before = await sensorBaselineRow(tx, machineId, sensorNo, true)
    const values = {
      source: 'marked' as const,
      ...v,
      windowCount: v.features.windowCount,
      growing: false,
      closedReason: null,
      closedRecordingId: null,
      markedBy: actor.id,
      markedByName: actor.username,
    }
    await tx
      .insert(vibrationBaselines)
      .values({ machineId, sensorNo, streamChannel: STREAM_CHANNEL, ...values })
      .onConflictDoUpdate({
        target: [vibrationBaselines.machineId, vibrationBaselines.sensorNo, vibrationBaselines.streamChannel],
        set: { ...values, markedAt: sql`now()`, changedAt: sql`now()` },
      })
    await audit(tx, actor, {
      action: 'vibration.baseline.mark',
      entityType: 'vibration_machine',
      entityId: machineId,
      before: before ? { sensorNo, source: before.source, recordingId: before.recordingId, channel: before.channel, from: before.rangeFrom, to: before.rangeTo } : null,
      after: { sensorNo, source: 'marked', how, recordingId: v.recordingId, channel: v.channel, from: v.rangeFrom, to: v.rangeTo, windows: v.features.windowCount },
    })
  })
}

/** Marks a recording's channel as the healthy baseline of its machine's sensor, then re-diagnoses that sensor. */
export async function markBaseline(actor: Actor, recordingId: string, channel: string): Promise<MarkBaselineResult> {
  const rec = await readRecordingChannels(recordingId)
  if (!rec) return { ok: false, reason: 'not_found' }
  if (rec.samplesExpiredAt) return { ok: false, reason: 'unusable', code: 'samples_expired' }
  const values = rec.channels[channel as DiagnosisChannel]
  if (!values) return { ok: false, reason: 'bad_channel' }
  const m = rec.machine
  const result = baselineFromChannel({ time: rec.time, values, nominalRpm: m.nominalRpm, unit: DOMAIN_UNIT[m.signalUnit] })
  if (!result.ok) return { ok: false, reason: 'unusable', code: result.code }
  const span = rec.time.length > 1 ? (rec.time[rec.time.length - 1] - rec.time[0]) * 1000 : 0
  await saveMarked(
    actor,
    m.id,
    rec.sensorNo,
    { recordingId, channel: channel as DiagnosisChannel, recordingIds: [recordingId], rangeFrom: rec.collectedAt, rangeTo: new Date(rec.collectedAt.getTime() + Math.round(span)), features: result.baseline },
    'recording',
  )
  const counts = await rediagnose(actor, { machineId: m.id, sensorNo: rec.sensorNo }, 'baseline')
  return { ok: true, machineId: m.id, sensorNo: rec.sensorNo, ...counts }
}

export type MarkRangeResult = { ok: true; windows: number; done: number; queued: number } | { ok: false; reason: 'too_few_windows'; windows: number }

/**
 * Marks a time range of a sensor's one-channel data (its diagnosed windows that lie wholly inside it) as the sensor's
 * baseline, then re-diagnoses the sensor. It needs PROVISIONAL.minWindows windows at least.
 */
export async function markRange(actor: Actor, machineId: string, sensorNo: string, fromMs: number, toMs: number): Promise<MarkRangeResult> {
  const d = vibrationDiagnosis
  const rows = await db
    .select({ recordingId: d.recordingId, features: d.features })
    .from(d)
    .where(and(eq(d.machineId, machineId), eq(d.sensorNo, sensorNo), eq(d.channel, STREAM_CHANNEL), gte(d.windowStart, new Date(fromMs)), lte(d.windowEnd, new Date(toMs))))
    .orderBy(asc(d.windowStart))
    .limit(100_000)
  const features = rows.length >= PROVISIONAL.minWindows ? baselineFromFigures(rows.map((r) => r.features)) : null
  if (!features) return { ok: false, reason: 'too_few_windows', windows: rows.length }
  const recordingIds = [...new Set(rows.map((r) => r.recordingId))]
  await saveMarked(actor, machineId, sensorNo, { recordingId: recordingIds[0], channel: STREAM_CHANNEL, recordingIds, rangeFrom: new Date(fromMs), rangeTo: new Date(toMs), features }, 'range')
  const counts = await rediagnose(actor, { machineId, sensorNo }, 'baseline')
  return { ok: true, windows: rows.length, ...counts }
}

/**
 * Confirms a sensor's provisional baseline: it becomes the marked one, as it is (it stops growing). The sensor's windows
 * were judged against exactly this baseline, so nothing is re-diagnosed; its channel summaries now name it marked.
 * False when the sensor has no usable provisional baseline.
 */
export async function confirmProvisional(actor: Actor, machineId: string, sensorNo: string): Promise<boolean> {
  if (!isUuid(machineId)) return false
  return db.transaction(async (tx) => {
    const row = await sensorBaselineRow(tx, machineId, sensorNo, true)
    if (!row || row.source !== 'provisional' || row.windowCount < PROVISIONAL.minWindows) return false
    await tx
      .update(vibrationBaselines)
      .set({ source: 'marked', growing: false, markedBy: actor.id, markedByName: actor.username, markedAt: sql`now()` })
      .where(and(eq(vibrationBaselines.machineId, machineId), eq(vibrationBaselines.sensorNo, sensorNo), eq(vibrationBaselines.streamChannel, STREAM_CHANNEL)))
    const c = vibrationChannelDiagnosis
    await tx
      .update(c)
      .set({ baselineSource: 'marked' })
      .where(and(eq(c.machineId, machineId), eq(c.sensorNo, sensorNo), eq(c.baselineSource, 'provisional')))
    await audit(tx, actor, {
      action: 'vibration.baseline.mark',
      entityType: 'vibration_machine',
      entityId: machineId,
      before: { sensorNo, source: 'provisional', recordingId: row.recordingId, from: row.rangeFrom, to: row.rangeTo },
      after: { sensorNo, source: 'marked', how: 'confirm', recordingId: row.recordingId, from: row.rangeFrom, to: row.rangeTo, windows: row.windowCount },
    })
    return true
  })
}

/**
 * Removes a sensor's marked baseline: its provisional baseline is learned again from its first data, and the sensor is
 * re-diagnosed. Null when it had no marked baseline.
 */
export async function clearBaseline(actor: Actor, machineId: string, sensorNo: string): Promise<{ done: number; queued: number } | null> {
  if (!isUuid(machineId)) return null
  const removed = await db.transaction(async (tx) => {
    const rows = await tx
      .delete(vibrationBaselines)
      .where(and(eq(vibrationBaselines.machineId, machineId), eq(vibrationBaselines.sensorNo, sensorNo), eq(vibrationBaselines.source, 'marked')))
      .returning({ recordingId: vibrationBaselines.recordingId, channel: vibrationBaselines.channel, from: vibrationBaselines.rangeFrom, to: vibrationBaselines.rangeTo })
    if (rows[0]) await audit(tx, actor, { action: 'vibration.baseline.clear', entityType: 'vibration_machine', entityId: machineId, before: { sensorNo, ...rows[0] }, after: null })
    return rows.length > 0
  })
  if (!removed) return null
  const [m] = await db.select({ seconds: vibrationMachines.baselineSeconds }).from(vibrationMachines).where(eq(vibrationMachines.id, machineId))
  await rebuildProvisional(machineId, sensorNo, m?.seconds ?? PROVISIONAL.defaultSeconds)
  return rediagnose(actor, { machineId, sensorNo }, 'baseline')
}
