/**
 * A recording's diagnosis: its channels' summaries, its diagnosed windows, and the window view recomputed from the stored
 * samples.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationChannelDiagnosis, vibrationDiagnosis, vibrationMachines, vibrationRecordings, type DiagnosisChannel, type DiagnosisZone } from '~db/schema'
import { describeWindow, isChannel, type DiagnosisReason, type WindowFeatureSummary, type WindowView } from '~/domain/vibration/diagnosis'
import { isUuid } from '~/utils/ids'
import { DOMAIN_UNIT } from './diagnosis-execute.server'
import { readRecordingChannels } from './recording-samples.server'

/** One channel's stored diagnosis summary with its recording's collected_at (the machine timeline lists them too). */
export interface ChannelSummaryRow {
  recordingId: string
  collectedAt: Date
  sensorNo: string
  channel: DiagnosisChannel
  label: number | null
  faultType: number | null
  confidence: number | null
  problem: string | null
  votes: number[]
  windowCount: number
  shaftHz: number | null
  speedEstimated: boolean
  velocityRms: number | null
  isoZone: DiagnosisZone
  baselineSource: string
  baselineRecordingId: string | null
  diagnosedAt: Date
}

export const channelColumns = {
  recordingId: vibrationChannelDiagnosis.recordingId,
  collectedAt: vibrationRecordings.collectedAt,
  sensorNo: vibrationChannelDiagnosis.sensorNo,
  channel: vibrationChannelDiagnosis.channel,
  label: vibrationChannelDiagnosis.label,
  faultType: vibrationChannelDiagnosis.faultType,
  confidence: vibrationChannelDiagnosis.confidence,
  problem: vibrationChannelDiagnosis.problem,
  votes: vibrationChannelDiagnosis.votes,
  windowCount: vibrationChannelDiagnosis.windowCount,
  shaftHz: vibrationChannelDiagnosis.shaftHz,
  speedEstimated: vibrationChannelDiagnosis.speedEstimated,
  velocityRms: vibrationChannelDiagnosis.velocityRms,
  isoZone: vibrationChannelDiagnosis.isoZone,
  baselineSource: vibrationChannelDiagnosis.baselineSource,
  baselineRecordingId: vibrationChannelDiagnosis.baselineRecordingId,
  diagnosedAt: vibrationChannelDiagnosis.diagnosedAt,
}

export const channelOrder = sql`array_position(array['normal','type1','type2','type3','value']::text[], ${vibrationChannelDiagnosis.channel})`

export interface RecordingInfo {
  id: string
  machineId: string
  machineName: string
  sensorNo: string
  collectedAt: Date
  channels: DiagnosisChannel[]
  sampleCount: number
}

export async function getRecordingInfo(recordingId: string): Promise<RecordingInfo | null> {
  if (!isUuid(recordingId)) return null
  const r = vibrationRecordings
  const [row] = await db
    .select({
      id: r.id,
      machineId: r.machineId,
      machineName: vibrationMachines.name,
      sensorNo: r.sensorNo,
      collectedAt: r.collectedAt,
      channels: r.channels,
      sampleCount: r.sampleCount,
    })
    .from(r)
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, r.machineId))
    .where(eq(r.id, recordingId))
  return row ? { ...row, channels: row.channels.filter(isChannel) } : null
}

export async function recordingChannelSummaries(recordingId: string): Promise<ChannelSummaryRow[]> {
  if (!isUuid(recordingId)) return []
  const c = vibrationChannelDiagnosis
  return db
    .select(channelColumns)
    .from(c)
    .innerJoin(vibrationRecordings, eq(vibrationRecordings.id, c.recordingId))
    .where(eq(c.recordingId, recordingId))
    .orderBy(asc(channelOrder))
}

export interface WindowRow {
  windowIndex: number
  windowStart: Date
  windowEnd: Date
  faultType: number
  confidence: number
  isoZone: DiagnosisZone
  velocityRms: number | null
  features: WindowFeatureSummary
  reason: DiagnosisReason
}

/** The diagnosed windows of one channel of a recording, in order. */
export async function recordingWindows(recordingId: string, channel: DiagnosisChannel, limit = 1000): Promise<WindowRow[]> {
  if (!isUuid(recordingId)) return []
  const d = vibrationDiagnosis
  const rows = await db
    .select({
      windowIndex: d.windowIndex,
      windowStart: d.windowStart,
      windowEnd: d.windowEnd,
      faultType: d.faultType,
      confidence: d.confidence,
      isoZone: d.isoZone,
      velocityRms: d.velocityRms,
      features: d.features,
      reason: d.reason,
    })
    .from(d)
    .where(and(eq(d.recordingId, recordingId), eq(d.channel, channel)))
    .orderBy(asc(d.windowIndex))
    .limit(limit)
  return rows.map((r) => ({
    ...r,
    features: r.features as unknown as WindowFeatureSummary,
    reason: r.reason as unknown as DiagnosisReason,
  }))
}

/** The window view (envelope, spectrum, order markers) recomputed from the stored samples; null when there is no such window. */
export async function windowView(recordingId: string, channel: DiagnosisChannel, index: number, shaftHz: number | null): Promise<WindowView | null> {
  const rec = await readRecordingChannels(recordingId)
  const values = rec?.channels[channel]
  if (!rec || !values) return null
  const result = describeWindow({
    time: rec.time,
    values,
    index,
    unit: DOMAIN_UNIT[rec.machine.signalUnit],
    shaftHz,
  })
  return result.ok ? result.view : null
}
