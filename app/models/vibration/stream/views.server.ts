/** What the vibration pages show of live streams (issue #19 item 4): a machine's streams with their recent gaps. */
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationStreamGaps, vibrationStreams } from '~db/schema'
import type { StreamFigures } from '~/domain/vibration/stream/continuity'

/** Gaps listed per sensor at most (the newest). */
const RECENT_GAPS = 5

export type StreamView = StreamFigures

export async function machineStreams(machineId: string): Promise<StreamView[]> {
  const s = vibrationStreams
  const rows = await db
    .select({
      sensorNo: s.sensorNo,
      topic: s.topic,
      lastMessageAt: s.lastMessageAt,
      lastWindowAt: s.lastWindowAt,
      rateHz: s.rateHz,
      messages: s.messages,
      samples: s.samples,
      windows: s.windows,
      duplicates: s.duplicates,
      gaps: s.gaps,
      malformed: s.malformed,
      resets: s.resets,
      lastProblem: s.lastProblem,
      lastProblemAt: s.lastProblemAt,
    })
    .from(s)
    .where(eq(s.machineId, machineId))
  if (rows.length === 0) return []
  // The newest RECENT_GAPS of each sensor that has any (one sensor's many gaps do not crowd out another's).
  const withGaps = rows.filter((r) => r.gaps > 0).map((r) => r.sensorNo)
  const g = vibrationStreamGaps
  const ranked = db
    .select({
      sensorNo: g.sensorNo,
      fromAt: g.fromAt,
      toAt: g.toAt,
      missingFrom: g.missingFrom,
      missingTo: g.missingTo,
      n: sql<number>`row_number() over (partition by ${g.sensorNo} order by ${g.fromAt} desc)`.as('n'),
    })
    .from(g)
    .where(and(eq(g.machineId, machineId), inArray(g.sensorNo, withGaps)))
    .as('ranked')
  const gaps = withGaps.length ? await db.select().from(ranked).where(lte(ranked.n, RECENT_GAPS)).orderBy(desc(ranked.fromAt)) : []
  return rows
    .map((r) => ({ ...r, recentGaps: gaps.filter((x) => x.sensorNo === r.sensorNo).map(({ n: _n, ...gap }) => gap) }))
    .sort((a, b) => a.sensorNo.localeCompare(b.sensorNo, 'en', { numeric: true }))
}

/** Machines with a stream (`all`: the overview listens for live events only then) and those heard from since `since`. */
export async function streamingMachines(since: Date): Promise<{ all: string[]; live: string[] }> {
  const rows = await db
    .select({ id: vibrationStreams.machineId, last: sql<Date | string | null>`max(${vibrationStreams.lastMessageAt})` })
    .from(vibrationStreams)
    .groupBy(vibrationStreams.machineId)
  return { all: rows.map((r) => r.id), live: rows.filter((r) => r.last !== null && new Date(r.last) >= since).map((r) => r.id) }
}
