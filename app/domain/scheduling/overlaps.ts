/**
 * Validation helpers around printer timelines: overlapping jobs, and the next free slot for a manual job.
 */

import { compareIds, minutesToMs, normaliseSpans } from './ordering'
import { buildFreeSpans } from './timeline'
import type { TimeSpan } from './types'

export interface OverlapJob {
  id?: string
  printerId: string
  start: Date
  end: Date
}

export type OverlapKind =
  /** The two jobs share some time. */
  | 'overlap'
  /** They do not overlap, but the gap between them is shorter than the printer's changeover. */
  | 'changeover'

export interface Overlap<J extends OverlapJob = OverlapJob> {
  printerId: string
  kind: OverlapKind
  /** The job that starts first (ties: earlier end, then id). */
  first: J
  second: J
  /** For 'overlap': length of the shared time. For 'changeover': 0. */
  overlapMs: number
  /** For 'changeover': the actual gap (shorter than required). For 'overlap': 0. */
  gapMs: number
}

export interface FindOverlapsOptions {
  /** Changeover minutes per printer id; pairs closer than this are reported as 'changeover'. Missing = 0. */
  changeoverMinutes?: ReadonlyMap<string, number> | Readonly<Record<string, number>>
}

function changeoverMsFor(options: FindOverlapsOptions | undefined, printerId: string): number {
  const source = options?.changeoverMinutes
  if (!source) return 0
  const minutes = source instanceof Map ? source.get(printerId) : (source as Readonly<Record<string, number>>)[printerId]
  return minutesToMs(minutes ?? 0)
}

/**
 * Every pair of jobs on the same printer that overlap (or, with `changeoverMinutes`, sit closer than the changeover).
 * Jobs with an invalid or empty span are ignored. Result sorted by printer id, then the first job's start, then the
 * second's. Cost O(n log n + number of pairs reported).
 */
export function findOverlaps<J extends OverlapJob>(jobs: ReadonlyArray<J>, options?: FindOverlapsOptions): Overlap<J>[] {
  const byPrinter = new Map<string, J[]>()
  for (const job of jobs) {
    const s = job.start.getTime()
    const e = job.end.getTime()
    if (!Number.isFinite(s) || !Number.isFinite(e) || e <= s) continue
    const list = byPrinter.get(job.printerId)
    if (list) list.push(job)
    else byPrinter.set(job.printerId, [job])
  }
  const out: Overlap<J>[] = []
  for (const printerId of [...byPrinter.keys()].sort(compareIds)) {
    const list = byPrinter.get(printerId) ?? []
    list.sort(
      (a, b) =>
        a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime() || compareIds(a.id ?? '', b.id ?? ''),
    )
    const co = changeoverMsFor(options, printerId)
    for (let i = 0; i < list.length; i++) {
      const a = list[i]
      const aEnd = a.end.getTime()
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j]
        const bStart = b.start.getTime()
        // Sorted by start: once one job starts clear of `a` (changeover included), all later ones do too.
        if (bStart >= aEnd + co) break
        if (bStart < aEnd) {
          out.push({ printerId, kind: 'overlap', first: a, second: b, overlapMs: Math.min(aEnd, b.end.getTime()) - bStart, gapMs: 0 })
        } else {
          out.push({ printerId, kind: 'changeover', first: a, second: b, overlapMs: 0, gapMs: bStart - aEnd })
        }
      }
    }
  }
  return out
}

export interface NextFreeSlotOptions {
  /** Gap kept before and after every existing job (the printer's changeover). Default 0. */
  changeoverMinutes?: number
  /** Only offer slots that END by this instant. Default: no limit. */
  notAfter?: Date
}

/**
 * Earliest slot of `durationMs` that starts at or after `after` (rounded up to the whole minute), lies entirely inside
 * ONE of the printer's free/available intervals, and keeps the changeover gap to every existing job of that printer.
 * Null when none fits. Same placement rule as the auto-scheduler, so a slot offered here is one it would accept.
 */
export function nextFreeSlot(
  freeIntervals: ReadonlyArray<TimeSpan>,
  existingJobs: ReadonlyArray<TimeSpan>,
  durationMs: number,
  after: Date,
  options: NextFreeSlotOptions = {},
): TimeSpan | null {
  const from = after.getTime()
  if (!Number.isFinite(from) || !Number.isFinite(durationMs) || durationMs <= 0) return null
  const to = options.notAfter ? options.notAfter.getTime() : Infinity
  const co = minutesToMs(options.changeoverMinutes ?? 0)
  const blocks = normaliseSpans(existingJobs).map((j) => ({ start: j.start - co, end: j.end + co }))
  for (const span of buildFreeSpans(normaliseSpans(freeIntervals), blocks, from, to)) {
    if (span.end - span.start >= durationMs) return { start: new Date(span.start), end: new Date(span.start + durationMs) }
  }
  return null
}
