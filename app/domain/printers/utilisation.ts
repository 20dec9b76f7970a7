/**
 * Printer utilisation over a period [from, to): print time against available (calendar) time.
 *
 * Rules (documented for the UI/docs):
 * - Print time of a job is [actualStart, actualEnd). A `printing` job has no end yet and runs up to `now`.
 *   `done` and `failed` jobs count (a failed print still occupied the printer); a `cancelled` job counts only if it
 *   actually ran, i.e. has both an actual start and an actual end (cancelled before starting = no print time).
 * - Jobs without an actual start never ran and are ignored. Finished jobs (done/failed/cancelled) with a start but no
 *   end, or with end before start, have no measurable time: they are skipped and reported as anomalies.
 * - Print time is clipped to the period: a job crossing midnight or a period edge counts only the part inside.
 *   Per printer the *union* of job spans is used, so overlapping job records (a data error, reported as an anomaly)
 *   never count the same minute twice.
 * - `jobsRun` = jobs with some print time inside the period (a job crossing two days counts in both days' reports).
 * - Units (good/scrap) and `jobsEnded` are attributed to the period containing the job's actual end, for finished jobs
 *   only, so consecutive periods never count the same unit twice. Printing jobs contribute no units yet; cancelled jobs
 *   without an actual start are not counted at all. Done/failed jobs missing a start still count their units.
 * - Available time = union of the printer's availability intervals (from `availableIntervals`) clipped to the period.
 * - utilisation % = print hours ÷ available hours × 100; null when there are no available hours. It is not capped:
 *   printing outside calendar hours can exceed 100 %.
 * - Fleet figures are sums over all printers (including printers that only appear in jobs); fleet utilisation is
 *   total print hours ÷ total available hours.
 */

import { startOfLocalDate, localDate } from '../time/zoned'
import { clipIntervals, msToHours, totalDurationMs, type Interval } from '../time/intervals'
import { lastEntryByType, type MaintenanceLogEntry, type MaintenanceType } from './maintenance'

export const JOB_RUN_STATUSES = ['done', 'failed', 'cancelled', 'printing'] as const
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number]

export interface UtilisationJob {
  id?: string
  printerId: string
  status: JobRunStatus
  actualStart: Date | null
  actualEnd: Date | null
  goodUnits: number
  scrapUnits: number
}

export interface PrinterAvailability {
  printerId: string
  /** Available intervals, e.g. `availableIntervals(...)` for the same period. */
  intervals: ReadonlyArray<Interval>
}

export interface UtilisationInput {
  jobs: ReadonlyArray<UtilisationJob>
  availability: ReadonlyArray<PrinterAvailability>
  /** Period start (inclusive). */
  from: Date
  /** Period end (exclusive). */
  to: Date
  /** Current instant: end of still-printing jobs. */
  now: Date
}

export interface UtilisationFigures {
  /** Jobs with print time inside the period. */
  jobsRun: number
  /** Finished jobs whose actual end lies in the period, by final status. */
  jobsEnded: { done: number; failed: number; cancelled: number }
  goodUnits: number
  scrapUnits: number
  printMs: number
  printHours: number
  availableMs: number
  availableHours: number
  /** 0–100 (may exceed 100); null when no available hours. */
  utilisationPct: number | null
}

export interface PrinterUtilisation extends UtilisationFigures {
  printerId: string
}

export type UtilisationAnomalyCode =
  /** Finished job with an actual start but no actual end. */
  | 'missing_end'
  /** Done/failed job without an actual start. */
  | 'missing_start'
  /** Actual end before actual start. */
  | 'end_before_start'
  /** The job's print time overlaps another job on the same printer. */
  | 'overlapping_jobs'

export interface UtilisationAnomaly {
  code: UtilisationAnomalyCode
  printerId: string
  jobId?: string
}

export interface UtilisationResult {
  /** Printers in `availability` order, then printers only seen in jobs (in order of first job). */
  printers: PrinterUtilisation[]
  fleet: UtilisationFigures & { printerCount: number }
  anomalies: UtilisationAnomaly[]
}

export type JobSpanResult =
  | { kind: 'span'; span: Interval }
  | { kind: 'none' }
  | { kind: 'anomaly'; code: Exclude<UtilisationAnomalyCode, 'overlapping_jobs'> }

/** The job's print time per the module rules (unclipped), or why it has none. */
export function jobPrintSpan(job: UtilisationJob, now: Date): JobSpanResult {
  if (!job.actualStart) {
    return job.status === 'done' || job.status === 'failed' ? { kind: 'anomaly', code: 'missing_start' } : { kind: 'none' }
  }
  let end: Date | null = job.actualEnd
  if (job.status === 'printing' && !end) end = now
  if (!end) return { kind: 'anomaly', code: 'missing_end' }
  if (end.getTime() < job.actualStart.getTime()) {
    // A printing job whose start is after `now` simply has no time yet.
    return job.status === 'printing' && !job.actualEnd ? { kind: 'none' } : { kind: 'anomaly', code: 'end_before_start' }
  }
  return { kind: 'span', span: { start: job.actualStart, end } }
}

function emptyFigures(): UtilisationFigures {
  return {
    jobsRun: 0,
    jobsEnded: { done: 0, failed: 0, cancelled: 0 },
    goodUnits: 0,
    scrapUnits: 0,
    printMs: 0,
    printHours: 0,
    availableMs: 0,
    availableHours: 0,
    utilisationPct: null,
  }
}

function finish(f: UtilisationFigures): void {
  f.printHours = msToHours(f.printMs)
  f.availableHours = msToHours(f.availableMs)
  f.utilisationPct = f.availableMs > 0 ? (f.printMs / f.availableMs) * 100 : null
}

function finiteOrZero(n: number): number {
  return Number.isFinite(n) ? n : 0
}

/** Utilisation per printer and for the fleet over [from, to) (see module rules). */
export function computeUtilisation(input: UtilisationInput): UtilisationResult {
  const { from, to, now } = input
  const fromMs = from.getTime()
  const toMs = to.getTime()
  const anomalies: UtilisationAnomaly[] = []

  const order: string[] = []
  const byPrinter = new Map<string, { figures: UtilisationFigures; spans: Array<{ span: Interval; jobId?: string }> }>()
  const slot = (printerId: string) => {
    let s = byPrinter.get(printerId)
    if (!s) {
      s = { figures: emptyFigures(), spans: [] }
      byPrinter.set(printerId, s)
      order.push(printerId)
    }
    return s
  }

  for (const a of input.availability) {
    const s = slot(a.printerId)
    s.figures.availableMs += totalDurationMs(clipIntervals(a.intervals, from, to))
  }

  for (const job of input.jobs) {
    const s = slot(job.printerId)
    const result = jobPrintSpan(job, now)
    if (result.kind === 'anomaly') {
      anomalies.push({ code: result.code, printerId: job.printerId, ...(job.id !== undefined ? { jobId: job.id } : {}) })
    } else if (result.kind === 'span') {
      const clipped = clipIntervals([result.span], from, to)
      if (clipped.length > 0) {
        s.figures.jobsRun += 1
        s.spans.push({ span: clipped[0], ...(job.id !== undefined ? { jobId: job.id } : {}) })
      }
    }

    const endMs = job.actualEnd?.getTime()
    // A cancelled job that never started (no actual start) is not a run: no units, not "ended" here.
    const ran = job.status !== 'cancelled' || job.actualStart !== null
    if (job.status !== 'printing' && ran && endMs !== undefined && endMs >= fromMs && endMs < toMs) {
      s.figures.jobsEnded[job.status] += 1
      s.figures.goodUnits += finiteOrZero(job.goodUnits)
      s.figures.scrapUnits += finiteOrZero(job.scrapUnits)
    }
  }

  const fleet = { ...emptyFigures(), printerCount: order.length }
  const printers: PrinterUtilisation[] = []
  for (const printerId of order) {
    const s = byPrinter.get(printerId)!
    s.figures.printMs = totalDurationMs(s.spans.map((x) => x.span))
    reportOverlaps(printerId, s.spans, anomalies)
    finish(s.figures)
    printers.push({ printerId, ...s.figures })

    fleet.jobsRun += s.figures.jobsRun
    fleet.jobsEnded.done += s.figures.jobsEnded.done
    fleet.jobsEnded.failed += s.figures.jobsEnded.failed
    fleet.jobsEnded.cancelled += s.figures.jobsEnded.cancelled
    fleet.goodUnits += s.figures.goodUnits
    fleet.scrapUnits += s.figures.scrapUnits
    fleet.printMs += s.figures.printMs
    fleet.availableMs += s.figures.availableMs
  }
  finish(fleet)
  return { printers, fleet, anomalies }
}

/** Flags every job whose (clipped) span overlaps an earlier-starting job's span on the same printer. */
function reportOverlaps(
  printerId: string,
  spans: ReadonlyArray<{ span: Interval; jobId?: string }>,
  anomalies: UtilisationAnomaly[],
): void {
  const sorted = [...spans].sort((a, b) => a.span.start.getTime() - b.span.start.getTime())
  let maxEnd = -Infinity
  for (const s of sorted) {
    if (s.span.start.getTime() < maxEnd) {
      anomalies.push({ code: 'overlapping_jobs', printerId, ...(s.jobId !== undefined ? { jobId: s.jobId } : {}) })
    }
    maxEnd = Math.max(maxEnd, s.span.end.getTime())
  }
}

/** Print hours of one printer in [from, to) (union of job spans, printing jobs up to `now`). */
export function printHoursBetween(input: {
  jobs: ReadonlyArray<UtilisationJob>
  printerId: string
  from: Date
  to: Date
  now: Date
}): number {
  const spans: Interval[] = []
  for (const job of input.jobs) {
    if (job.printerId !== input.printerId) continue
    const result = jobPrintSpan(job, input.now)
    if (result.kind === 'span') spans.push(result.span)
  }
  return msToHours(totalDurationMs(clipIntervals(spans, input.from, input.to)))
}

/**
 * Print hours since each maintenance type was last done, summed from actual jobs, for `maintenanceDue`'s
 * `printHoursSince`. A log entry has only a date, so counting starts at the start of that local date: jobs earlier on
 * the same day are counted (the safe side — maintenance falls due slightly early, never late). Counting ends at `now`.
 * Types never done are absent.
 */
export function printHoursSinceLastMaintenance(input: {
  printerId: string
  jobs: ReadonlyArray<UtilisationJob>
  log: ReadonlyArray<MaintenanceLogEntry>
  now: Date
  timeZone: string
}): Partial<Record<MaintenanceType, number>> {
  const today = localDate(input.now, input.timeZone)
  const out: Partial<Record<MaintenanceType, number>> = {}
  for (const [type, entry] of Object.entries(lastEntryByType(input.log, today)) as Array<
    [MaintenanceType, MaintenanceLogEntry]
  >) {
    out[type] = printHoursBetween({
      jobs: input.jobs,
      printerId: input.printerId,
      from: startOfLocalDate(entry.date, input.timeZone),
      to: input.now,
      now: input.now,
    })
  }
  return out
}
