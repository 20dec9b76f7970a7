/** Healthy baselines marked by planners (audited): marking or clearing one re-diagnoses that sensor. */
import { and, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationBaselines, type DiagnosisChannel } from '~db/schema'
import { baselineFromChannel } from '~/domain/vibration/diagnosis'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { DOMAIN_UNIT } from './diagnosis-execute.server'
import { rediagnose } from './diagnosis-dispatch.server'
import { readRecordingChannels } from './recording-samples.server'

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
