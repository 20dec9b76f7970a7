/**
 * Read side of the vibration diagnosis: latest result per machine (one index probe per machine), the API's keyset list,
 * a machine's timeline/trends, a recording's channels and windows, the window view (recomputed from the samples), the
 * agreement matrix and the run history. See docs/decisions/006-vibration-diagnosis.md.
 */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client.server'
import {
  users,
  vibrationBaselines,
  vibrationChannelDiagnosis,
  vibrationDiagnosis,
  vibrationDiagnosisRuns,
  vibrationMachines,
  vibrationRecordings,
  type DiagnosisChannel,
  type DiagnosisZone,
  type VibrationDiagnosisRow,
  type VibrationMachine,
} from '~db/schema'
import {
  agreementMatrix,
  CHANNEL_NAMES,
  describeWindow,
  type AgreementMatrix,
  type DiagnosisReason,
  type WindowFeatureSummary,
  type WindowView,
} from '~/domain/vibration/diagnosis'
import { DOMAIN_UNIT } from './vibration-diagnosis.server'
import { isUuid } from '~/utils/ids'
import { readRecordingChannels } from './vibration.server'
import { hasNul } from '~/utils/text'

export const isChannel = (v: unknown): v is DiagnosisChannel => typeof v === 'string' && (CHANNEL_NAMES as readonly string[]).includes(v)

// ---- latest per machine --------------------------------------------------------------------------------------------

/** The newest diagnosed window of a machine (ties at the same instant: the worst fault first). */
export interface LatestDiagnosis {
  machineId: string
  machineName: string
  diagnosis: (Omit<DiagnosisListRow, 'machineId' | 'machineName' | 'features' | 'reason'> & { reason: DiagnosisReason }) | null
}

/**
 * Latest diagnosis of every machine (or of one, by id or case-insensitive name): a LATERAL subquery per machine that
 * reads the first entry of vibration_diagnosis_latest_idx (machine_id, detected_at, fault_type) backwards — 50 machines
 * are 50 index probes however many rows the table holds.
 */
export async function latestDiagnoses(filter: { machineId?: string; machineName?: string } = {}): Promise<LatestDiagnosis[]> {
  const d = vibrationDiagnosis
  const m = vibrationMachines
  const latest = db
    .select({
      id: d.id,
      sensorNo: d.sensorNo,
      channel: d.channel,
      recordingId: d.recordingId,
      windowIndex: d.windowIndex,
      windowStart: d.windowStart,
      windowEnd: d.windowEnd,
      detectedAt: d.detectedAt,
      faultType: d.faultType,
      confidence: d.confidence,
      isoZone: d.isoZone,
      velocityRms: d.velocityRms,
      reason: d.reason,
      engineVersion: d.engineVersion,
      diagnosedAt: d.diagnosedAt,
    })
    .from(d)
    .where(eq(d.machineId, m.id))
    .orderBy(desc(d.detectedAt), desc(d.faultType))
    .limit(1)
    .as('latest')
  const where: SQL[] = []
  if (filter.machineId !== undefined) where.push(isUuid(filter.machineId) ? eq(m.id, filter.machineId) : sql`false`)
  // A name with NUL matches no machine (the database could not compare it), like an id that is no uuid.
  if (filter.machineName !== undefined) where.push(hasNul(filter.machineName) ? sql`false` : sql`lower(${m.name}) = lower(${filter.machineName.slice(0, 100)})`)
  const rows = await db
    .select({
      machineId: m.id,
      machineName: m.name,
      ...latest._.selectedFields,
    })
    .from(m)
    .leftJoinLateral(latest, sql`true`)
    .where(and(...where))
    .orderBy(asc(sql`lower(${m.name})`))
  return rows.map(({ machineId, machineName, ...d }) => ({
    machineId,
    machineName,
    diagnosis:
      d.id === null
        ? null
        : ({
            ...d,
            reason: d.reason as unknown as DiagnosisReason,
          } as NonNullable<LatestDiagnosis['diagnosis']>),
  }))
}

// ---- the API's list ------------------------------------------------------------------------------------------------

export interface DiagnosisFilter {
  machineId?: string | null
  sensor?: string | null
  channel?: DiagnosisChannel | null
  recordingId?: string | null
  faultType?: number | null
  /** detected_at range (inclusive), epoch ms. */
  from?: number | null
  to?: number | null
}

function diagnosisWhere(f: DiagnosisFilter): SQL[] {
  const d = vibrationDiagnosis
  const where: SQL[] = []
  if (f.machineId) where.push(isUuid(f.machineId) ? eq(d.machineId, f.machineId) : sql`false`)
  if (f.sensor) where.push(eq(d.sensorNo, f.sensor))
  if (f.channel) where.push(eq(d.channel, f.channel))
  if (f.recordingId) where.push(isUuid(f.recordingId) ? eq(d.recordingId, f.recordingId) : sql`false`)
  if (f.faultType != null) where.push(eq(d.faultType, f.faultType))
  if (f.from != null) where.push(gte(d.detectedAt, new Date(f.from)))
  if (f.to != null) where.push(lte(d.detectedAt, new Date(f.to)))
  return where
}

export interface DiagnosisCursor {
  detectedAt: string
  id: string
}

export function encodeDiagnosisCursor(c: DiagnosisCursor): string {
  return Buffer.from(JSON.stringify([c.detectedAt, c.id])).toString('base64url')
}

export function decodeDiagnosisCursor(text: string | null | undefined): DiagnosisCursor | null {
  if (!text || text.length > 200) return null
  try {
    const [detectedAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[]
    if (typeof detectedAt !== 'string' || Number.isNaN(Date.parse(detectedAt)) || !isUuid(id)) return null
    return { detectedAt, id }
  } catch {
    return null
  }
}

const diagnosisColumns = {
  id: vibrationDiagnosis.id,
  machineId: vibrationDiagnosis.machineId,
  machineName: vibrationDiagnosis.machineName,
  sensorNo: vibrationDiagnosis.sensorNo,
  channel: vibrationDiagnosis.channel,
  recordingId: vibrationDiagnosis.recordingId,
  windowIndex: vibrationDiagnosis.windowIndex,
  windowStart: vibrationDiagnosis.windowStart,
  windowEnd: vibrationDiagnosis.windowEnd,
  detectedAt: vibrationDiagnosis.detectedAt,
  faultType: vibrationDiagnosis.faultType,
  confidence: vibrationDiagnosis.confidence,
  features: vibrationDiagnosis.features,
  reason: vibrationDiagnosis.reason,
  velocityRms: vibrationDiagnosis.velocityRms,
  isoZone: vibrationDiagnosis.isoZone,
  engineVersion: vibrationDiagnosis.engineVersion,
  diagnosedAt: vibrationDiagnosis.diagnosedAt,
}

export type DiagnosisListRow = Omit<VibrationDiagnosisRow, 'runId'>

/** One keyset page, newest first (detected_at desc, id desc); `after` is the previous page's cursor. */
export async function listDiagnoses(
  filter: DiagnosisFilter,
  after: DiagnosisCursor | null,
  limit: number,
): Promise<{ rows: DiagnosisListRow[]; next: DiagnosisCursor | null }> {
  const d = vibrationDiagnosis
  const where = diagnosisWhere(filter)
  // The cursor carries detected_at at full (microsecond) precision, so no row is skipped or repeated.
  if (after) where.push(sql`(${d.detectedAt}, ${d.id}) < (${after.detectedAt}::timestamptz, ${after.id}::uuid)`)
  const rows = await db
    .select({
      ...diagnosisColumns,
      cursorAt: sql<string>`to_char(${d.detectedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(d)
    .where(and(...where))
    .orderBy(desc(d.detectedAt), desc(d.id))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    rows: page.map(({ cursorAt: _c, ...row }) => row),
    next: rows.length > limit && last ? { detectedAt: last.cursorAt, id: last.id } : null,
  }
}

// ---- a machine: timeline, trends, recordings -------------------------------------------------------------------------

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
  faultType: number
  confidence: number
  velocityRms: number | null
  rms: number | null
  oneX: number | null
  crest: number | null
}

/**
 * The machine's diagnosed windows in the filter (newest `limit` of them, returned oldest first) and how many matched. The
 * trend figures come straight out of the features (1X is orders[1]: ORDERS starts at 0.5X).
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
      crest: sql<number | null>`(${d.features}->>'crest')::float8`,
    })
    .from(d)
    .where(and(...where))
    .orderBy(desc(d.detectedAt), desc(d.faultType))
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
    crest: num(r.crest),
  }))
  return { windows, total: n }
}

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

const channelColumns = {
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

const channelOrder = sql`array_position(array['normal','type1','type2','type3','value']::text[], ${vibrationChannelDiagnosis.channel})`

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

/** Machine, its sensors (from recordings and the sensor list) and its marked baselines. */
export async function machineDiagnosisContext(machineId: string): Promise<{
  machine: VibrationMachine
  sensors: string[]
  baselines: {
    sensorNo: string
    recordingId: string
    channel: DiagnosisChannel
    collectedAt: Date
    markedByName: string | null
    markedAt: Date
  }[]
  recordingCount: number
} | null> {
  if (!isUuid(machineId)) return null
  const [machine] = await db.select().from(vibrationMachines).where(eq(vibrationMachines.id, machineId))
  if (!machine) return null
  const [sensorRows, baselines, [{ n }]] = await Promise.all([
    db.selectDistinct({ sensorNo: vibrationRecordings.sensorNo }).from(vibrationRecordings).where(eq(vibrationRecordings.machineId, machineId)),
    db
      .select({
        sensorNo: vibrationBaselines.sensorNo,
        recordingId: vibrationBaselines.recordingId,
        channel: vibrationBaselines.channel,
        collectedAt: vibrationRecordings.collectedAt,
        markedByName: vibrationBaselines.markedByName,
        markedAt: vibrationBaselines.markedAt,
      })
      .from(vibrationBaselines)
      .innerJoin(vibrationRecordings, eq(vibrationRecordings.id, vibrationBaselines.recordingId))
      .where(eq(vibrationBaselines.machineId, machineId))
      .orderBy(asc(vibrationBaselines.sensorNo)),
    db.select({ n: count() }).from(vibrationRecordings).where(eq(vibrationRecordings.machineId, machineId)),
  ])
  const sensors = [...new Set(sensorRows.map((s) => s.sensorNo))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  return { machine, sensors, baselines, recordingCount: n }
}

// ---- a recording -----------------------------------------------------------------------------------------------------

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

// ---- agreement -------------------------------------------------------------------------------------------------------

export interface AgreementRecording {
  recordingId: string
  machineName: string
  sensorNo: string
  collectedAt: Date
  /** Diagnosis per labelled channel: label → fault type (null: not analysed). */
  channels: {
    channel: DiagnosisChannel
    label: number
    faultType: number | null
    confidence: number | null
  }[]
}

/** Channel- and window-level confusion matrices for labelled (layout-a) channels, and the newest labelled recordings. */
export async function agreement(
  filter: { machineId?: string | null } = {},
  limit = 50,
): Promise<{
  byChannel: AgreementMatrix
  byWindow: AgreementMatrix
  recordings: AgreementRecording[]
}> {
  const c = vibrationChannelDiagnosis
  const d = vibrationDiagnosis
  const machine = filter.machineId ? (isUuid(filter.machineId) ? filter.machineId : null) : undefined
  if (machine === null)
    return {
      byChannel: agreementMatrix([]),
      byWindow: agreementMatrix([]),
      recordings: [],
    }
  const labelOf = sql<number>`array_position(array['normal','type1','type2','type3']::text[], ${d.channel}) - 1`
  const [channelPairs, windowPairs, recent] = await Promise.all([
    db
      .select({ label: c.label, diagnosis: c.faultType, n: count() })
      .from(c)
      .where(and(isNotNull(c.label), isNotNull(c.faultType), machine ? eq(c.machineId, machine) : undefined))
      .groupBy(c.label, c.faultType),
    db
      .select({ label: labelOf, diagnosis: d.faultType, n: count() })
      .from(d)
      .where(and(inArray(d.channel, ['normal', 'type1', 'type2', 'type3']), machine ? eq(d.machineId, machine) : undefined))
      .groupBy(labelOf, d.faultType),
    db
      .select({
        recordingId: vibrationRecordings.id,
        machineName: vibrationMachines.name,
        sensorNo: vibrationRecordings.sensorNo,
        collectedAt: vibrationRecordings.collectedAt,
      })
      .from(vibrationRecordings)
      .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationRecordings.machineId))
      .where(
        and(
          sql`exists (select 1 from ${c} where ${c.recordingId} = ${vibrationRecordings.id} and ${c.label} is not null)`,
          machine ? eq(vibrationRecordings.machineId, machine) : undefined,
        ),
      )
      .orderBy(desc(vibrationRecordings.collectedAt), desc(vibrationRecordings.id))
      .limit(limit),
  ])
  const summaries = recent.length
    ? await db
        .select({
          recordingId: c.recordingId,
          channel: c.channel,
          label: c.label,
          faultType: c.faultType,
          confidence: c.confidence,
        })
        .from(c)
        .where(
          and(
            inArray(
              c.recordingId,
              recent.map((r) => r.recordingId),
            ),
            isNotNull(c.label),
          ),
        )
        .orderBy(asc(c.label))
    : []
  return {
    byChannel: agreementMatrix(
      channelPairs.map((p) => ({
        label: p.label,
        diagnosis: p.diagnosis,
        count: p.n,
      })),
    ),
    byWindow: agreementMatrix(
      windowPairs.map((p) => ({
        label: Number(p.label),
        diagnosis: p.diagnosis,
        count: p.n,
      })),
    ),
    recordings: recent.map((r) => ({
      ...r,
      channels: summaries
        .filter((s) => s.recordingId === r.recordingId)
        .map((s) => ({
          channel: s.channel,
          label: s.label!,
          faultType: s.faultType,
          confidence: s.confidence,
        })),
    })),
  }
}

// ---- runs ------------------------------------------------------------------------------------------------------------

export interface RunRow {
  id: string
  recordingId: string
  machineId: string
  machineName: string
  sensorNo: string
  collectedAt: Date
  trigger: string
  status: 'queued' | 'running' | 'done' | 'failed'
  attempts: number
  error: string | null
  windowCount: number
  createdAt: Date
  finishedAt: Date | null
  durationMs: number | null
  requestedByName: string | null
}

/** Diagnosis runs, newest first: of one import, or all. */
export async function listRuns(filter: { importId?: string | null } = {}, limit = 50): Promise<RunRow[]> {
  const r = vibrationDiagnosisRuns
  if (filter.importId && !isUuid(filter.importId)) return []
  return db
    .select({
      id: r.id,
      recordingId: r.recordingId,
      machineId: vibrationRecordings.machineId,
      machineName: vibrationMachines.name,
      sensorNo: vibrationRecordings.sensorNo,
      collectedAt: vibrationRecordings.collectedAt,
      trigger: r.trigger,
      status: r.status,
      attempts: r.attempts,
      error: r.error,
      windowCount: r.windowCount,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      durationMs: r.durationMs,
      requestedByName: sql<string | null>`coalesce(${r.requestedByName}, ${users.username})`,
    })
    .from(r)
    .innerJoin(vibrationRecordings, eq(vibrationRecordings.id, r.recordingId))
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationRecordings.machineId))
    .leftJoin(users, eq(users.id, r.requestedBy))
    .where(filter.importId ? eq(r.importId, filter.importId) : undefined)
    .orderBy(desc(r.createdAt), desc(r.id))
    .limit(limit)
}
