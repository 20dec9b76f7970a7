/**
 * The bench view of one printer (pure; "now" is an argument): how far the printing job is, and which spool to load.
 *
 * - Progress of a printing job: started = its actual start (its planned start when none was recorded), planned end = its
 *   slot's end; % elapsed is the whole percent of that span (0–100, see statistics' `elapsedPct`); past the planned end
 *   the job is overdue.
 * - Spool to load: the job's material + colour, the active spools holding something, in the FIFO order recording output
 *   draws from (inventory's `sortFifo`: oldest received first, then batch, then id). The first one is the one to load;
 *   when it holds less than the job needs, the next ones FIFO will also draw from are listed, and what all of them lack.
 */
import { materialColourKey, sortFifo, type FifoOrderable } from '../inventory/keys'
import { elapsedPct } from '../statistics/dashboard'

export interface RunningJob {
  startsAt: Date
  endsAt: Date
  actualStart: Date | null
}

export interface JobProgress {
  startedAt: Date
  plannedEnd: Date
  /** Whole percent of the planned time elapsed, 0–100. */
  elapsedPct: number
  /** Past its planned end and still printing. */
  overdue: boolean
  /** Whole minutes to the planned end (0 once it has passed). */
  minutesLeft: number
}

export function jobProgress(job: RunningJob, now: Date): JobProgress {
  const startedAt = job.actualStart ?? job.startsAt
  const plannedEnd = job.endsAt
  const leftMs = plannedEnd.getTime() - now.getTime()
  return {
    startedAt,
    plannedEnd,
    elapsedPct: elapsedPct(startedAt, plannedEnd, now),
    overdue: leftMs < 0,
    minutesLeft: Math.max(0, Math.ceil(leftMs / 60_000)),
  }
}

export interface LoadableSpool extends FifoOrderable {
  id: string
  material: string
  colour: string
  status: string
  remainingMg: number
}

export interface SpoolToLoad<T> {
  /** The spool to put on the printer (null: none of this material + colour is on the shelf). */
  spool: T | null
  /** Further spools FIFO draws from when the first holds less than the job needs, in order. */
  thenFrom: T[]
  /** What all the matching spools together lack for the job (0 when they hold enough). */
  shortMg: number
}

export function spoolToLoad<T extends LoadableSpool>(spools: readonly T[], job: { material: string; colour: string }, neededMg: number): SpoolToLoad<T> {
  const key = materialColourKey(job.material, job.colour)
  const pool = sortFifo(spools.filter((s) => s.status === 'active' && s.remainingMg > 0 && materialColourKey(s.material, s.colour) === key))
  const [first = null, ...rest] = pool
  const thenFrom: T[] = []
  let covered = first?.remainingMg ?? 0
  for (const s of rest) {
    if (covered >= neededMg) break
    thenFrom.push(s)
    covered += s.remainingMg
  }
  return { spool: first, thenFrom, shortMg: Math.max(0, neededMg - covered) }
}
