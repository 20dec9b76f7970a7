/**
 * What the machine diagnosis page shows of each sensor's baseline: where it comes from (marked, provisional, own Normal
 * channel, none), what it covers, its alarm bands, and the progress of the re-diagnosis its last change started.
 */
import { and, count, eq, gte, inArray, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationBaselines, vibrationDiagnosisRuns, vibrationRecordings, type BaselineClosedReason, type SensorBaselineSource } from '~db/schema'
import { BAND_FEATURES, PROVISIONAL, type BandFeature } from '~/domain/vibration/diagnosis'
import { STREAM_CHANNEL } from './sensor-baseline.server'

/** One band as the page shows it. */
export interface BandView {
  feature: BandFeature
  low: number
  median: number
  high: number
}

/** A sensor's baseline, as the page shows it. */
export interface SensorBaselineView {
  sensorNo: string
  /** Does the sensor have one-channel recordings (which a stored baseline is for)? Four-channel ones carry their own. */
  hasStream: boolean
  baseline: {
    source: SensorBaselineSource
    /** A provisional baseline with too few windows judges nothing yet. */
    usable: boolean
    recordingId: string | null
    /** The channel of that recording it was computed from. */
    channel: string
    recordingCollectedAt: Date | null
    recordingCount: number
    rangeFrom: Date | null
    rangeTo: Date | null
    windowCount: number
    growing: boolean
    closedReason: BaselineClosedReason | null
    /** When the recording that closed it (a deviation) was made. */
    closedAt: Date | null
    markedByName: string | null
    markedAt: Date
    changedAt: Date
    bands: BandView[]
  } | null
  /** The re-diagnosis started by the baseline's last change (runs since then), when there is one. */
  progress: { total: number; done: number; failed: number; waiting: number } | null
}

/** Every sensor's baseline view (sensors in the page's order). */
export async function sensorBaselineViews(machineId: string, sensors: readonly string[]): Promise<SensorBaselineView[]> {
  if (sensors.length === 0) return []
  const b = vibrationBaselines
  const r = vibrationRecordings
  const [rows, streams] = await Promise.all([
    db
      .select({ row: b, collectedAt: r.collectedAt })
      .from(b)
      .leftJoin(r, eq(r.id, b.recordingId))
      .where(and(eq(b.machineId, machineId), eq(b.streamChannel, STREAM_CHANNEL))),
    db
      .selectDistinct({ sensorNo: r.sensorNo })
      .from(r)
      .where(and(eq(r.machineId, machineId), sql`${STREAM_CHANNEL} = any(${r.channels})`)),
  ])
  const closedIds = rows.flatMap(({ row }) => (row.closedRecordingId ? [row.closedRecordingId] : []))
  const [progress, closers] = await Promise.all([
    Promise.all(rows.map(({ row }) => runsSince(machineId, row.sensorNo, row.changedAt))),
    closedIds.length ? db.select({ id: r.id, collectedAt: r.collectedAt }).from(r).where(inArray(r.id, closedIds)) : Promise.resolve([]),
  ])
  return sensors.map((sensorNo) => {
    const i = rows.findIndex((x) => x.row.sensorNo === sensorNo)
    const found = i >= 0 ? rows[i] : null
    const row = found?.row
    return {
      sensorNo,
      hasStream: streams.some((s) => s.sensorNo === sensorNo),
      baseline: row
        ? {
            source: row.source,
            usable: row.source === 'marked' || row.windowCount >= PROVISIONAL.minWindows,
            recordingId: row.recordingId,
            channel: row.channel,
            recordingCollectedAt: found?.collectedAt ?? null,
            recordingCount: row.recordingIds.length,
            rangeFrom: row.rangeFrom,
            rangeTo: row.rangeTo,
            windowCount: row.windowCount,
            growing: row.growing,
            closedReason: row.closedReason,
            closedAt: closers.find((c) => c.id === row.closedRecordingId)?.collectedAt ?? null,
            markedByName: row.markedByName,
            markedAt: row.markedAt,
            changedAt: row.changedAt,
            bands: BAND_FEATURES.flatMap((feature) => {
              const band = row.features.bands?.bands[feature]
              return band ? [{ feature, low: band.low, median: band.median, high: band.high }] : []
            }),
          }
        : null,
      progress: i >= 0 ? progress[i] : null,
    }
  })
}

/** The sensor's baseline-triggered runs since its baseline changed (null when there were none). */
async function runsSince(machineId: string, sensorNo: string, since: Date) {
  const run = vibrationDiagnosisRuns
  const recs = db
    .select({ id: vibrationRecordings.id })
    .from(vibrationRecordings)
    .where(and(eq(vibrationRecordings.machineId, machineId), eq(vibrationRecordings.sensorNo, sensorNo)))
  const rows = await db
    .select({ status: run.status, n: count() })
    .from(run)
    .where(and(eq(run.trigger, 'baseline'), inArray(run.recordingId, recs), gte(run.createdAt, new Date(since.getTime() - 1000))))
    .groupBy(run.status)
  const n = (s: string) => rows.filter((x) => x.status === s).reduce((a, x) => a + x.n, 0)
  const total = rows.reduce((a, x) => a + x.n, 0)
  return total === 0 ? null : { total, done: n('done'), failed: n('failed'), waiting: n('queued') + n('running') }
}
