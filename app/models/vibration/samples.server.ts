/**
 * The sample browser: keyset pagination over recordings (newest first) and sample indexes, blocks unpacked on demand
 * (recording-samples.server.ts); counts and recording pickers in the same filter.
 */
import { and, count, desc, eq, gte, isNull, lte, sql, type SQL } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationMachines, vibrationRecordings } from '~db/schema'
import type { SampleFilter } from '~/domain/vibration/filters'
import type { ChannelKey } from '~/domain/vibration/ingest'
import { z } from 'zod'
import { keysetCursor, instantText } from '~/utils/cursor.server'
import { isUuid } from '~/utils/ids'
import { readRange } from './recording-samples.server'

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

type ChannelColumn = 'normal' | 'unbalance' | 'looseness' | 'unbalance_looseness' | 'value'
const CHANNEL_COLUMN: Record<ChannelKey, ChannelColumn> = { normal: 'normal', type1: 'unbalance', type2: 'looseness', type3: 'unbalance_looseness', value: 'value' }

/** Position in the browse order: recordings newest first (collected_at, id descending), samples by index. */
export interface Cursor {
  collectedAt: string
  recordingId: string
  index: number
}

const sampleCursor = keysetCursor(z.tuple([instantText, z.string().refine(isUuid), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]))

export function encodeCursor(c: Cursor): string {
  return sampleCursor.encode([c.collectedAt, c.recordingId, c.index])
}

export function decodeCursor(text: string | null | undefined): Cursor | null {
  const t = sampleCursor.decode(text)
  return t && { collectedAt: t[0], recordingId: t[1], index: t[2] }
}

function filterConditions(f: SampleFilter): SQL[] {
  const r = vibrationRecordings
  // Samples past their retention are not listed (what was kept of them shows in the window view of their diagnosis).
  const where: SQL[] = [isNull(r.samplesExpiredAt)]
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
          for (let c = 0; c < cols.length; c++) row[cols[c]] = channels[c][i]
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

