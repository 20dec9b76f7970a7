/**
 * Vibration data queries: machines, import history, the sample browser (keyset pagination over recordings and sample
 * indexes, blocks unpacked on demand) and whole-recording reads for the diagnosis module.
 */
import { and, asc, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client.server'
import {
  vibrationBlocks,
  vibrationImports,
  vibrationMachines,
  vibrationRecordings,
  vibrationSensors,
  type IsoFoundation,
  type IsoGroup,
  type SignalUnit,
  type VibrationImport,
  type VibrationMachine,
} from '~db/schema'
import { blockRangeFor, unpackBlocks, type ChannelKey, type StoredBlock } from '~/domain/vibration/ingest'
import { audit, type Actor } from '~/utils/audit.server'
import { bytesToFloats } from './vibration-import.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'

export { failAbandonedImports, importVibrationFile, type ImportOutcome, type ImportRequest } from './vibration-import.server'



// ---- machines ------------------------------------------------------------------------------------------------------

export interface MachineSummary extends VibrationMachine {
  sensors: string[]
  recordingCount: number
}

export async function listMachines(): Promise<MachineSummary[]> {
  const machines = await db.select().from(vibrationMachines).orderBy(asc(sql`lower(${vibrationMachines.name})`))
  if (machines.length === 0) return []
  const sensors = await db.select().from(vibrationSensors).orderBy(asc(vibrationSensors.sensorNo))
  const counts = await db
    .select({ machineId: vibrationRecordings.machineId, n: count() })
    .from(vibrationRecordings)
    .groupBy(vibrationRecordings.machineId)
  return machines.map((m) => ({
    ...m,
    sensors: sensors
      .filter((s) => s.machineId === m.id)
      .map((s) => s.sensorNo)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    recordingCount: counts.find((c) => c.machineId === m.id)?.n ?? 0,
  }))
}

export async function getMachine(id: string): Promise<VibrationMachine | null> {
  if (!isUuid(id)) return null
  const rows = await db.select().from(vibrationMachines).where(eq(vibrationMachines.id, id))
  return rows[0] ?? null
}

export interface MachineInput {
  name: string
  location: string
  description: string
  nominalRpm: number | null
  signalUnit: SignalUnit
  isoGroup: IsoGroup | null
  isoFoundation: IsoFoundation | null
  sensors: string[]
}

export async function createMachine(actor: Actor, input: MachineInput): Promise<{ ok: true; machine: VibrationMachine } | { ok: false; reason: 'name_taken' }> {
  const { sensors, ...fields } = input
  try {
    return await db.transaction(async (tx) => {
      const [machine] = await tx.insert(vibrationMachines).values(fields).returning()
      if (sensors.length) await tx.insert(vibrationSensors).values(sensors.map((sensorNo) => ({ machineId: machine.id, sensorNo }))).onConflictDoNothing()
      await audit(tx, actor, { action: 'vibration.machine.create', entityType: 'vibration_machine', entityId: machine.id, after: { ...machine, sensors } })
      return { ok: true as const, machine }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'name_taken' }
    throw e
  }
}

export async function updateMachine(
  actor: Actor,
  id: string,
  version: number,
  input: MachineInput,
): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'conflict' | 'name_taken'; current?: VibrationMachine }> {
  const { sensors, ...fields } = input
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(vibrationMachines).where(eq(vibrationMachines.id, id)).for('update')
      if (!before) return { ok: false as const, reason: 'not_found' as const }
      if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
      const [after] = await tx
        .update(vibrationMachines)
        .set({ ...fields, updatedAt: sql`now()`, version: sql`${vibrationMachines.version} + 1` })
        .where(eq(vibrationMachines.id, id))
        .returning()
      if (sensors.length) await tx.insert(vibrationSensors).values(sensors.map((sensorNo) => ({ machineId: id, sensorNo }))).onConflictDoNothing()
      await audit(tx, actor, { action: 'vibration.machine.update', entityType: 'vibration_machine', entityId: id, before, after: { ...after, addedSensors: sensors } })
      return { ok: true as const }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'name_taken' }
    throw e
  }
}

// ---- import history ------------------------------------------------------------------------------------------------

export type ImportListItem = VibrationImport & { machineName: string | null }

export async function listImports(filter: { batchId?: string; limit?: number } = {}): Promise<ImportListItem[]> {
  const rows = await db
    .select({ imp: vibrationImports, machineName: vibrationMachines.name })
    .from(vibrationImports)
    .leftJoin(vibrationMachines, eq(vibrationMachines.id, vibrationImports.machineId))
    .where(filter.batchId && isUuid(filter.batchId) ? eq(vibrationImports.batchId, filter.batchId) : undefined)
    .orderBy(desc(vibrationImports.startedAt), desc(vibrationImports.id))
    .limit(filter.limit ?? 200)
  return rows.map((r) => ({ ...r.imp, machineName: r.machineName }))
}

export async function getImport(id: string): Promise<ImportListItem | null> {
  if (!isUuid(id)) return null
  const rows = await db
    .select({ imp: vibrationImports, machineName: vibrationMachines.name })
    .from(vibrationImports)
    .leftJoin(vibrationMachines, eq(vibrationMachines.id, vibrationImports.machineId))
    .where(eq(vibrationImports.id, id))
  return rows[0] ? { ...rows[0].imp, machineName: rows[0].machineName } : null
}

// ---- the sample browser --------------------------------------------------------------------------------------------

export interface SampleFilter {
  machineId?: string | null
  sensor?: string | null
  importId?: string | null
  recordingId?: string | null
  /** collected_at range (inclusive), epoch ms. */
  from?: number | null
  to?: number | null
}

/** One sample in the previous system's row shape (single-channel data in `value`). */
export interface SampleRow {
  machine_name: string
  sensor_no: string
  collected_at: string
  measured_time: number
  normal: number | null
  unbalance: number | null
  looseness: number | null
  unbalance_looseness: number | null
  value: number | null
}

export const SAMPLE_COLUMNS = ['machine_name', 'sensor_no', 'collected_at', 'measured_time', 'normal', 'unbalance', 'looseness', 'unbalance_looseness', 'value'] as const

const CHANNEL_COLUMN: Record<ChannelKey, keyof SampleRow> = { normal: 'normal', type1: 'unbalance', type2: 'looseness', type3: 'unbalance_looseness', value: 'value' }

/** Position in the browse order: recordings newest first (collected_at, id descending), samples by index. */
export interface Cursor {
  collectedAt: string
  recordingId: string
  index: number
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.collectedAt, c.recordingId, c.index])).toString('base64url')
}

export function decodeCursor(text: string | null | undefined): Cursor | null {
  if (!text) return null
  try {
    const [collectedAt, recordingId, index] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[]
    if (typeof collectedAt !== 'string' || Number.isNaN(Date.parse(collectedAt)) || !isUuid(recordingId) || !Number.isSafeInteger(index) || (index as number) < 0) return null
    return { collectedAt, recordingId, index: index as number }
  } catch {
    return null
  }
}

function filterConditions(f: SampleFilter): SQL[] {
  const r = vibrationRecordings
  const where: SQL[] = []
  if (f.machineId) where.push(isUuid(f.machineId) ? eq(r.machineId, f.machineId) : sql`false`)
  if (f.sensor) where.push(eq(r.sensorNo, f.sensor))
  if (f.recordingId) where.push(isUuid(f.recordingId) ? eq(r.id, f.recordingId) : sql`false`)
  if (f.importId) where.push(isUuid(f.importId) ? eq(r.importId, f.importId) : sql`false`)
  if (f.from != null) where.push(gte(r.collectedAt, new Date(f.from)))
  if (f.to != null) where.push(lte(r.collectedAt, new Date(f.to)))
  return where
}

interface RecordingRef {
  id: string
  collectedAt: Date
  machineName: string
  sensorNo: string
  channels: string[]
  blockSize: number
  sampleCount: number
}

async function recordingsFrom(f: SampleFilter, after: Cursor | null, limit: number): Promise<RecordingRef[]> {
  const r = vibrationRecordings
  const where = filterConditions(f)
  if (after) where.push(sql`(${r.collectedAt}, ${r.id}) <= (${after.collectedAt}::timestamptz, ${after.recordingId}::uuid)`)
  return db
    .select({
      id: r.id,
      collectedAt: r.collectedAt,
      machineName: vibrationMachines.name,
      sensorNo: r.sensorNo,
      channels: r.channels,
      blockSize: r.blockSize,
      sampleCount: r.sampleCount,
    })
    .from(r)
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, r.machineId))
    .where(and(...where))
    .orderBy(desc(r.collectedAt), desc(r.id))
    .limit(limit)
}

/** Samples [from, to) of a recording, all channels (time first). */
async function readRange(rec: { id: string; channels: string[]; blockSize: number }, from: number, to: number): Promise<Float64Array[]> {
  const range = blockRangeFor(from, to, rec.blockSize)
  if (!range) return rec.channels.map(() => new Float64Array(0)).concat([new Float64Array(0)])
  const rows = await db
    .select({ channel: vibrationBlocks.channel, blockNo: vibrationBlocks.blockNo, data: vibrationBlocks.data })
    .from(vibrationBlocks)
    .where(and(eq(vibrationBlocks.recordingId, rec.id), gte(vibrationBlocks.blockNo, range.firstBlockNo), lte(vibrationBlocks.blockNo, range.lastBlockNo)))
  return unpackChannels(rows, rec.channels.length, rec.blockSize, from, to)
}

function unpackChannels(rows: { channel: number; blockNo: number; data: Uint8Array }[], channelCount: number, blockSize: number, from: number, to: number): Float64Array[] {
  const byChannel: { blockNo: number; values: Float64Array }[][] = Array.from({ length: channelCount + 1 }, () => [])
  for (const row of rows) byChannel[row.channel]?.push({ blockNo: row.blockNo, values: bytesToFloats(row.data) })
  const times = byChannel[0]
  const timeOf = new Map(times.map((b) => [b.blockNo, b.values]))
  const out: Float64Array[] = [unpackBlocks(times.map((b) => ({ firstIndex: b.blockNo * blockSize, times: b.values, values: b.values })), from, to).values]
  for (let c = 1; c <= channelCount; c++) {
    const blocks: StoredBlock[] = byChannel[c].map((b) => ({ firstIndex: b.blockNo * blockSize, times: timeOf.get(b.blockNo) ?? b.values, values: b.values }))
    out.push(unpackBlocks(blocks, from, to).values)
  }
  return out
}

export interface SamplePage {
  rows: SampleRow[]
  nextCursor: string | null
}

/** One page of samples after `cursor` (keyset: stable when data is added meanwhile). */
export async function listSamples(filter: SampleFilter, cursorText: string | null, limit = 100): Promise<SamplePage> {
  const rows: SampleRow[] = []
  let cursor = decodeCursor(cursorText)
  const batch = 20
  for (;;) {
    // Recordings from the cursor's one on (it is included again: it may have samples left).
    const recs = await recordingsFrom(filter, cursor, batch)
    for (const rec of recs) {
      const collectedAt = rec.collectedAt.toISOString()
      const start = cursor && rec.id === cursor.recordingId ? cursor.index : 0
      const end = Math.min(rec.sampleCount, start + (limit - rows.length))
      if (start < end) {
        const [times, ...channels] = await readRange(rec, start, end)
        const cols = rec.channels.map((ch) => CHANNEL_COLUMN[ch as ChannelKey])
        for (let i = 0; i < times.length; i++) {
          const row: SampleRow = { machine_name: rec.machineName, sensor_no: rec.sensorNo, collected_at: collectedAt, measured_time: times[i], normal: null, unbalance: null, looseness: null, unbalance_looseness: null, value: null }
          for (let c = 0; c < cols.length; c++) (row as unknown as Record<string, number>)[cols[c]] = channels[c][i]
          rows.push(row)
        }
      }
      cursor = { collectedAt, recordingId: rec.id, index: Math.max(start, end) }
      if (rows.length >= limit) return { rows, nextCursor: encodeCursor(cursor) }
    }
    if (recs.length < batch) return { rows, nextCursor: null }
  }
}

/** Number of recordings and samples matching a filter. */
export async function countSamples(filter: SampleFilter): Promise<{ recordings: number; samples: number }> {
  const where = filterConditions(filter)
  const [row] = await db
    .select({ recordings: count(), samples: sql<number>`coalesce(sum(${vibrationRecordings.sampleCount}), 0)::float8` })
    .from(vibrationRecordings)
    .where(and(...where))
  return { recordings: row.recordings, samples: Number(row.samples) }
}

/** Sensors known per machine (for filter selects). */
export async function listSensors(machineId?: string | null): Promise<string[]> {
  const rows = await db
    .selectDistinct({ sensorNo: vibrationSensors.sensorNo })
    .from(vibrationSensors)
    .where(machineId && isUuid(machineId) ? eq(vibrationSensors.machineId, machineId) : undefined)
  return rows.map((r) => r.sensorNo).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}

// ---- CSV export ------------------------------------------------------------------------------------------------------

function csvCell(v: string | number | null): string {
  if (v === null) return ''
  if (typeof v === 'number') return String(v)
  return /[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** The filtered samples as CSV, produced page by page while the client reads (bounded memory). */
export function exportSamplesCsv(filter: SampleFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let cursor: string | null = null
  let started = false
  let done = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(SAMPLE_COLUMNS.join(',') + '\r\n'))
        return
      }
      // Every pull either enqueues a page or closes the stream (a pull that does neither is never called again).
      if (done) return controller.close()
      const page = await listSamples(filter, cursor, 8192)
      cursor = page.nextCursor
      if (!cursor) done = true
      if (page.rows.length) controller.enqueue(encoder.encode(page.rows.map((r) => SAMPLE_COLUMNS.map((c) => csvCell(r[c])).join(',')).join('\r\n') + '\r\n'))
      else controller.close()
    },
  })
}

// ---- whole recordings (diagnosis) ----------------------------------------------------------------------------------

export interface RecordingChannels {
  recordingId: string
  machine: { id: string; name: string; nominalRpm: number | null; signalUnit: SignalUnit; isoGroup: IsoGroup | null; isoFoundation: IsoFoundation | null }
  sensorNo: string
  collectedAt: Date
  sampleCount: number
  time: Float64Array
  channels: Partial<Record<ChannelKey, Float64Array>>
}

/** A whole recording as Float64Arrays (time + each stored channel), or null when unknown. */
export async function readRecordingChannels(recordingId: string): Promise<RecordingChannels | null> {
  if (!isUuid(recordingId)) return null
  const [rec] = await db
    .select({ rec: vibrationRecordings, machine: vibrationMachines })
    .from(vibrationRecordings)
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationRecordings.machineId))
    .where(eq(vibrationRecordings.id, recordingId))
  if (!rec) return null
  const r = rec.rec
  const [time, ...values] = await readRange({ id: r.id, channels: r.channels, blockSize: r.blockSize }, 0, r.sampleCount)
  const channels: Partial<Record<ChannelKey, Float64Array>> = {}
  r.channels.forEach((ch, i) => (channels[ch as ChannelKey] = values[i]))
  const m = rec.machine
  return {
    recordingId: r.id,
    machine: { id: m.id, name: m.name, nominalRpm: m.nominalRpm, signalUnit: m.signalUnit, isoGroup: m.isoGroup, isoFoundation: m.isoFoundation },
    sensorNo: r.sensorNo,
    collectedAt: r.collectedAt,
    sampleCount: r.sampleCount,
    time,
    channels,
  }
}

/** Recordings of a machine (newest first), for pickers. */
export async function listRecordings(filter: SampleFilter, limit = 200) {
  const where = filterConditions(filter)
  return db
    .select({
      id: vibrationRecordings.id,
      machineName: vibrationMachines.name,
      sensorNo: vibrationRecordings.sensorNo,
      collectedAt: vibrationRecordings.collectedAt,
      sampleCount: vibrationRecordings.sampleCount,
      channels: vibrationRecordings.channels,
    })
    .from(vibrationRecordings)
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationRecordings.machineId))
    .where(and(...where))
    .orderBy(desc(vibrationRecordings.collectedAt), desc(vibrationRecordings.id))
    .limit(limit)
}

