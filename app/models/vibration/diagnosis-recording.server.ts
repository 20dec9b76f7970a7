/**
 * A recording's diagnosis: its channels' summaries, its diagnosed windows, and the window view recomputed from the stored
 * samples.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationChannelDiagnosis, vibrationDiagnosis, vibrationMachines, vibrationRecordings, type DiagnosisChannel, type DiagnosisStatus, type DiagnosisZone } from '~db/schema'
import { DEFAULT_WINDOW_SIZE, describeWindow, isChannel, type DiagnosisReason, type WindowFeatureSummary, type WindowView } from '~/domain/vibration/diagnosis'
import { isUuid } from '~/utils/ids'
import { DOMAIN_UNIT } from './diagnosis-execute.server'
import { readRange, readRecordingChannels, type RecordingChannels } from './recording-samples.server'

/** One channel's stored diagnosis summary with its recording's collected_at (the machine timeline lists them too). */
export interface ChannelSummaryRow {
  recordingId: string
  collectedAt: Date
  sensorNo: string
  channel: DiagnosisChannel
  label: number | null
  status: DiagnosisStatus
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
  status: vibrationChannelDiagnosis.status,
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
  /** When the retention job deleted its raw samples (null: all there). */
  samplesExpiredAt: Date | null
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
      samplesExpiredAt: r.samplesExpiredAt,
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
  status: DiagnosisStatus
  faultType: number | null
  confidence: number | null
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
      status: d.status,
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
    features: r.features,
    reason: r.reason,
  }))
}

/** The window view (envelope, spectrum, order markers) recomputed from the stored samples; null when there is no such window. */
export async function windowView(recordingId: string, channel: DiagnosisChannel, index: number, shaftHz: number | null): Promise<WindowView | null> {
  const rec = await readRecordingChannels(recordingId)
  if (rec?.samplesExpiredAt) return keptWindowView(rec, channel, index, shaftHz)
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

/**
 * The window view of a recording whose raw samples expired: from the window's own samples, when the retention job kept
 * them (a fault window, a baseline's); null when they are gone.
 */
async function keptWindowView(rec: RecordingChannels, channel: DiagnosisChannel, index: number, shaftHz: number | null): Promise<WindowView | null> {
  const size = DEFAULT_WINDOW_SIZE
  if (!Number.isInteger(index) || index < 0 || (index + 1) * size > rec.sampleCount) return null
  const at = rec.stored.channels.indexOf(channel)
  if (at < 0) return null
  const [time, ...values] = await readRange(rec.stored, index * size, (index + 1) * size)
  if (values[at].length !== size) return null
  const result = describeWindow({ time, values: values[at], index: 0, unit: DOMAIN_UNIT[rec.machine.signalUnit], shaftHz })
  return result.ok ? { ...result.view, index, windowCount: Math.floor(rec.sampleCount / size) } : null
}
