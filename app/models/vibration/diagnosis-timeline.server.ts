/** A machine's diagnosis page: its windows over time (timeline, trends), channel summaries, sensors and baselines. */
import { and, asc, count, desc, eq, gte, lte, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationChannelDiagnosis, vibrationDiagnosis, vibrationMachines, vibrationRecordings, type DiagnosisChannel, type VibrationMachine } from '~db/schema'
import { isUuid } from '~/utils/ids'
import { diagnosisWhere } from './diagnosis-list.server'
import { channelColumns, channelOrder, type ChannelSummaryRow } from './diagnosis-recording.server'

export interface TimelineFilter {
  sensor?: string | null
  channel?: DiagnosisChannel | null
  from?: number | null
  to?: number | null
}

export interface TimelineWindowRow {
  sensorNo: string
  channel: DiagnosisChannel
  recordingId: string
  windowIndex: number
  startMs: number
  endMs: number
  /** Null when not judged (status 'no_baseline'). */
  faultType: number | null
  confidence: number | null
  velocityRms: number | null
  rms: number | null
  oneX: number | null
  twoX: number | null
  crest: number | null
  kurtosis: number | null
}

/**
 * The machine's diagnosed windows in the filter (newest `limit` of them, returned oldest first) and how many matched. The
 * trend figures come straight out of the features (1X is orders[1] and 2X orders[3]: ORDERS starts at 0.5X).
 */
export async function machineWindows(machineId: string, f: TimelineFilter, limit = 5000): Promise<{ windows: TimelineWindowRow[]; total: number }> {
  const d = vibrationDiagnosis
  const where = diagnosisWhere({ machineId, sensor: f.sensor, channel: f.channel, from: f.from, to: f.to })
  const rows = await db
    .select({
      sensorNo: d.sensorNo,
      channel: d.channel,
      recordingId: d.recordingId,
      windowIndex: d.windowIndex,
      start: d.windowStart,
      end: d.windowEnd,
      faultType: d.faultType,
      confidence: d.confidence,
      velocityRms: d.velocityRms,
      rms: sql<number | null>`(${d.features}->>'rms')::float8`,
      oneX: sql<number | null>`(${d.features}->'orders'->>1)::float8`,
      twoX: sql<number | null>`(${d.features}->'orders'->>3)::float8`,
      crest: sql<number | null>`(${d.features}->>'crest')::float8`,
      kurtosis: sql<number | null>`(${d.features}->>'kurtosis')::float8`,
    })
    .from(d)
    .where(and(...where))
    .orderBy(desc(d.detectedAt), sql`${d.faultType} desc nulls last`)
    .limit(limit)
  // Counted only when the page is full (otherwise the rows are all there is).
  const counted = async () => (await db.select({ n: count() }).from(d).where(and(...where)))[0].n
  const n = rows.length < limit ? rows.length : await counted()
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  const windows = rows.reverse().map((r) => ({
    sensorNo: r.sensorNo,
    channel: r.channel,
    recordingId: r.recordingId,
    windowIndex: r.windowIndex,
    startMs: r.start.getTime(),
    endMs: r.end.getTime(),
    faultType: r.faultType,
    confidence: r.confidence,
    velocityRms: r.velocityRms,
    rms: num(r.rms),
    oneX: num(r.oneX),
    twoX: num(r.twoX),
    crest: num(r.crest),
    kurtosis: num(r.kurtosis),
  }))
  return { windows, total: n }
}

/** Channel summaries of a machine's recordings (newest recordings first), in the timeline's filter (collected_at range). */
export async function machineChannelSummaries(machineId: string, f: TimelineFilter, limit = 200): Promise<ChannelSummaryRow[]> {
  if (!isUuid(machineId)) return []
  const c = vibrationChannelDiagnosis
  const r = vibrationRecordings
  return db
    .select(channelColumns)
    .from(c)
    .innerJoin(r, eq(r.id, c.recordingId))
    .where(
      and(
        eq(c.machineId, machineId),
        f.sensor ? eq(c.sensorNo, f.sensor) : undefined,
        f.channel ? eq(c.channel, f.channel) : undefined,
        f.from != null ? gte(r.collectedAt, new Date(f.from)) : undefined,
        f.to != null ? lte(r.collectedAt, new Date(f.to)) : undefined,
      ),
    )
    .orderBy(desc(r.collectedAt), asc(c.sensorNo), asc(channelOrder))
    .limit(limit)
}

/** Machine, its sensors (from recordings) and how many recordings it has. */
export async function machineDiagnosisContext(machineId: string): Promise<{ machine: VibrationMachine; sensors: string[]; recordingCount: number } | null> {
  if (!isUuid(machineId)) return null
  const [machine] = await db.select().from(vibrationMachines).where(eq(vibrationMachines.id, machineId))
  if (!machine) return null
  const [sensorRows, [{ n }]] = await Promise.all([
    db.selectDistinct({ sensorNo: vibrationRecordings.sensorNo }).from(vibrationRecordings).where(eq(vibrationRecordings.machineId, machineId)),
    db.select({ n: count() }).from(vibrationRecordings).where(eq(vibrationRecordings.machineId, machineId)),
  ])
  const sensors = [...new Set(sensorRows.map((s) => s.sensorNo))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  return { machine, sensors, recordingCount: n }
}
