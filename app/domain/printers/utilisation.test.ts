import { describe, expect, it } from 'vitest'
import { startOfLocalDate, zonedDateTimeToInstant } from '../time/zoned'
import { availableIntervals, calendarPreset, type Interval } from './calendar'
import type { MaintenanceLogEntry } from './maintenance'
import {
  computeUtilisation,
  jobPrintSpan,
  printHoursBetween,
  printHoursSinceLastMaintenance,
  type JobRunStatus,
  type PrinterAvailability,
  type UtilisationInput,
  type UtilisationJob,
} from './utilisation'

const SEOUL = 'Asia/Seoul'

// ---- factories ------------------------------------------------------------------------------------------------------

/** Instant of a Seoul wall time: `at('2026-03-02', '09:30')`. */
function at(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number)
  return zonedDateTimeToInstant(date, h * 60 + m, SEOUL)
}

let jobSeq = 0
function job(overrides: Partial<UtilisationJob> & { status?: JobRunStatus } = {}): UtilisationJob {
  jobSeq += 1
  return {
    id: `job-${jobSeq}`,
    printerId: 'P1',
    status: 'done',
    actualStart: at('2026-03-02', '09:00'),
    actualEnd: at('2026-03-02', '13:00'),
    goodUnits: 0,
    scrapUnits: 0,
    ...overrides,
  }
}

/** Local day [date 00:00, next day 00:00) in Seoul. */
function day(date: string): { from: Date; to: Date } {
  const from = startOfLocalDate(date, SEOUL)
  return { from, to: new Date(from.getTime() + 24 * 3_600_000) }
}

/** Always-available printers for the whole test year. */
function alwaysAvailable(...printerIds: string[]): PrinterAvailability[] {
  const all: Interval = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') }
  return printerIds.map((printerId) => ({ printerId, intervals: [all] }))
}

function run(overrides: Partial<UtilisationInput> = {}) {
  return computeUtilisation({
    jobs: [],
    availability: alwaysAvailable('P1'),
    ...day('2026-03-02'),
    now: at('2026-03-10', '00:00'),
    ...overrides,
  })
}

const printer = (result: ReturnType<typeof run>, printerId = 'P1') => {
  const p = result.printers.find((x) => x.printerId === printerId)
  if (!p) throw new Error(`no printer ${printerId}`)
  return p
}

// ---- jobPrintSpan --------------------------------------------------------------------------------------------------

describe('jobPrintSpan', () => {
  const now = at('2026-03-02', '12:00')

  it('uses the actual start and end of finished jobs', () => {
    for (const status of ['done', 'failed', 'cancelled'] as const) {
      expect(jobPrintSpan(job({ status }), now)).toEqual({
        kind: 'span',
        span: { start: at('2026-03-02', '09:00'), end: at('2026-03-02', '13:00') },
      })
    }
  })

  it('runs a printing job up to now', () => {
    expect(jobPrintSpan(job({ status: 'printing', actualEnd: null }), now)).toEqual({
      kind: 'span',
      span: { start: at('2026-03-02', '09:00'), end: now },
    })
    expect(jobPrintSpan(job({ status: 'printing', actualStart: at('2026-03-02', '13:00'), actualEnd: null }), now)).toEqual({
      kind: 'none',
    })
  })

  it('gives no time to a job that never started and flags inconsistent records', () => {
    expect(jobPrintSpan(job({ status: 'cancelled', actualStart: null, actualEnd: null }), now)).toEqual({ kind: 'none' })
    expect(jobPrintSpan(job({ status: 'done', actualStart: null }), now)).toEqual({ kind: 'anomaly', code: 'missing_start' })
    expect(jobPrintSpan(job({ status: 'failed', actualEnd: null }), now)).toEqual({ kind: 'anomaly', code: 'missing_end' })
    expect(jobPrintSpan(job({ actualEnd: at('2026-03-02', '08:00') }), now)).toEqual({
      kind: 'anomaly',
      code: 'end_before_start',
    })
  })
})

// ---- computeUtilisation --------------------------------------------------------------------------------------------

describe('computeUtilisation — clipping to the period', () => {
  it('counts a job inside the period fully, with its units', () => {
    const p = printer(run({ jobs: [job({ goodUnits: 8, scrapUnits: 1 })] }))
    expect(p).toMatchObject({
      jobsRun: 1,
      jobsEnded: { done: 1, failed: 0, cancelled: 0 },
      goodUnits: 8,
      scrapUnits: 1,
      printMs: 4 * 3_600_000,
      printHours: 4,
      availableHours: 24,
    })
    expect(p.utilisationPct).toBeCloseTo((4 / 24) * 100, 10)
  })

  it('splits a job crossing midnight between the two days; units go to the day it ended', () => {
    const overnight = job({ actualStart: at('2026-03-01', '22:00'), actualEnd: at('2026-03-02', '04:00'), goodUnits: 5 })
    const before = printer(run({ jobs: [overnight], ...day('2026-03-01') }))
    const after = printer(run({ jobs: [overnight], ...day('2026-03-02') }))
    expect([before.printHours, after.printHours]).toEqual([2, 4])
    expect([before.jobsRun, after.jobsRun]).toEqual([1, 1])
    expect([before.goodUnits, after.goodUnits]).toEqual([0, 5])
    expect([before.jobsEnded.done, after.jobsEnded.done]).toEqual([0, 1])
  })

  it('counts only the part inside for jobs crossing either edge or spanning the whole period', () => {
    const jobs = [
      job({ printerId: 'A', actualStart: at('2026-03-02', '20:00'), actualEnd: at('2026-03-03', '02:00') }),
      job({ printerId: 'B', actualStart: at('2026-02-28', '12:00'), actualEnd: at('2026-03-04', '12:00') }),
      job({ printerId: 'C', actualStart: at('2026-03-03', '00:00'), actualEnd: at('2026-03-03', '05:00') }),
      job({ printerId: 'C', actualStart: at('2026-03-01', '19:00'), actualEnd: at('2026-03-02', '00:00') }),
    ]
    const result = run({ jobs, availability: alwaysAvailable('A', 'B', 'C') })
    expect(printer(result, 'A')).toMatchObject({ printHours: 4, jobsRun: 1, jobsEnded: { done: 0 } })
    expect(printer(result, 'B')).toMatchObject({ printHours: 24, jobsRun: 1, utilisationPct: 100 })
    // Touching the period edges exactly (end = from, start = to) contributes no print time; the job ending at the
    // period's first instant did end inside [from, to), so its completion belongs here.
    expect(printer(result, 'C')).toMatchObject({ printHours: 0, jobsRun: 0, jobsEnded: { done: 1 } })
  })
})

describe('computeUtilisation — statuses', () => {
  it('counts failed jobs and cancelled jobs that ran; ignores cancelled jobs that never started', () => {
    const jobs = [
      job({ status: 'failed', scrapUnits: 3, actualStart: at('2026-03-02', '01:00'), actualEnd: at('2026-03-02', '03:00') }),
      job({ status: 'cancelled', scrapUnits: 1, actualStart: at('2026-03-02', '05:00'), actualEnd: at('2026-03-02', '06:00') }),
      job({ status: 'cancelled', goodUnits: 9, actualStart: null, actualEnd: at('2026-03-02', '07:00') }),
    ]
    const p = printer(run({ jobs }))
    expect(p.printHours).toBe(3)
    expect(p.jobsRun).toBe(2)
    expect(p.jobsEnded).toEqual({ done: 0, failed: 1, cancelled: 1 })
    expect([p.goodUnits, p.scrapUnits]).toEqual([0, 4])
  })

  it('counts a printing job up to now, without units', () => {
    const printing = job({ status: 'printing', actualStart: at('2026-03-02', '18:00'), actualEnd: null, goodUnits: 4 })
    const p = printer(run({ jobs: [printing], now: at('2026-03-02', '21:30') }))
    expect(p.printHours).toBe(3.5)
    expect(p.jobsRun).toBe(1)
    expect(p.goodUnits).toBe(0)
    // Later "now" beyond the period: clipped at the period end.
    expect(printer(run({ jobs: [printing], now: at('2026-03-05', '00:00') })).printHours).toBe(6)
  })

  it('reports anomalies and skips their time', () => {
    const jobs = [
      job({ id: 'no-end', status: 'done', actualEnd: null }),
      job({ id: 'no-start', status: 'done', actualStart: null, goodUnits: 2 }),
      job({ id: 'reversed', actualStart: at('2026-03-02', '10:00'), actualEnd: at('2026-03-02', '09:00') }),
    ]
    const result = run({ jobs })
    expect(result.anomalies).toEqual([
      { code: 'missing_end', printerId: 'P1', jobId: 'no-end' },
      { code: 'missing_start', printerId: 'P1', jobId: 'no-start' },
      { code: 'end_before_start', printerId: 'P1', jobId: 'reversed' },
    ])
    expect(printer(result).printHours).toBe(0)
    // Units of a finished job are still real production, even with a missing start.
    expect(printer(result).goodUnits).toBe(2)
  })

  it('never counts overlapping job time twice and flags the overlap', () => {
    const jobs = [
      job({ id: 'first', actualStart: at('2026-03-02', '08:00'), actualEnd: at('2026-03-02', '12:00') }),
      job({ id: 'second', actualStart: at('2026-03-02', '10:00'), actualEnd: at('2026-03-02', '14:00') }),
      job({ id: 'third', actualStart: at('2026-03-02', '14:00'), actualEnd: at('2026-03-02', '15:00') }),
    ]
    const result = run({ jobs })
    expect(printer(result).printHours).toBe(7)
    expect(printer(result).jobsRun).toBe(3)
    expect(result.anomalies).toEqual([{ code: 'overlapping_jobs', printerId: 'P1', jobId: 'second' }])
  })
})

describe('computeUtilisation — availability and fleet', () => {
  it('uses calendar availability clipped to the period, and reports null without capacity', () => {
    const period = day('2026-03-02') // Monday
    const weekdays = availableIntervals({
      calendar: calendarPreset('weekdays_09_21'),
      status: 'active',
      from: at('2026-03-01', '00:00'),
      to: at('2026-03-08', '00:00'),
      timeZone: SEOUL,
    })
    const result = run({
      ...period,
      jobs: [job({ printerId: 'W' }), job({ printerId: 'R' }), job({ printerId: 'X' })],
      availability: [
        { printerId: 'W', intervals: weekdays },
        { printerId: 'R', intervals: [] }, // retired: no capacity
        { printerId: 'IDLE', intervals: weekdays },
      ],
    })
    expect(result.printers.map((p) => p.printerId)).toEqual(['W', 'R', 'IDLE', 'X'])
    expect(printer(result, 'W')).toMatchObject({ availableHours: 12, printHours: 4 })
    expect(printer(result, 'W').utilisationPct).toBeCloseTo((4 / 12) * 100, 10)
    expect(printer(result, 'R')).toMatchObject({ availableHours: 0, printHours: 4, utilisationPct: null })
    expect(printer(result, 'IDLE')).toMatchObject({ availableHours: 12, printHours: 0, utilisationPct: 0 })
    expect(printer(result, 'X')).toMatchObject({ availableHours: 0, utilisationPct: null })

    expect(result.fleet).toMatchObject({ printerCount: 4, jobsRun: 3, printHours: 12, availableHours: 24 })
    expect(result.fleet.utilisationPct).toBe(50)
  })

  it('can exceed 100 % when printing outside calendar hours', () => {
    const availability = [{ printerId: 'P1', intervals: [{ start: at('2026-03-02', '09:00'), end: at('2026-03-02', '11:00') }] }]
    expect(printer(run({ jobs: [job()], availability })).utilisationPct).toBe(200)
  })

  it('sums fleet units and jobs and gives null utilisation for an empty fleet', () => {
    const jobs = [
      job({ printerId: 'P1', goodUnits: 3, scrapUnits: 1 }),
      job({ printerId: 'P2', status: 'failed', scrapUnits: 2 }),
    ]
    const result = run({ jobs, availability: alwaysAvailable('P1', 'P2') })
    expect(result.fleet).toMatchObject({
      goodUnits: 3,
      scrapUnits: 3,
      jobsEnded: { done: 1, failed: 1, cancelled: 0 },
      printHours: 8,
      availableHours: 48,
    })
    expect(run({ availability: [] }).fleet).toMatchObject({ printerCount: 0, utilisationPct: null, printHours: 0 })
  })
})

// ---- hours since maintenance ---------------------------------------------------------------------------------------

describe('printHoursBetween / printHoursSinceLastMaintenance', () => {
  const now = at('2026-03-03', '12:00')
  const jobs = [
    job({ actualStart: at('2026-02-28', '10:00'), actualEnd: at('2026-02-28', '20:00') }), // 10 h, before
    job({ actualStart: at('2026-03-01', '06:00'), actualEnd: at('2026-03-01', '08:00') }), // 2 h, same day as entry
    job({ status: 'failed', actualStart: at('2026-03-02', '23:00'), actualEnd: at('2026-03-03', '02:00') }), // 3 h
    job({ status: 'printing', actualStart: at('2026-03-03', '10:00'), actualEnd: null }), // 2 h up to now
    job({ printerId: 'OTHER', actualStart: at('2026-03-01', '00:00'), actualEnd: at('2026-03-03', '00:00') }),
  ]

  it('sums one printer’s print time in a span', () => {
    expect(printHoursBetween({ jobs, printerId: 'P1', from: at('2026-03-01', '00:00'), to: now, now })).toBe(7)
    expect(printHoursBetween({ jobs, printerId: 'OTHER', from: at('2026-03-02', '00:00'), to: now, now })).toBe(24)
  })

  it('counts from the start of the last entry’s local date up to now, per type', () => {
    const log: MaintenanceLogEntry[] = [
      { type: 'nozzle_change', date: '2026-02-20', printHours: 100 },
      { type: 'nozzle_change', date: '2026-03-01', printHours: 150 },
      { type: 'cleaning', date: '2026-03-03', printHours: 160 },
      { type: 'firmware', date: '2026-03-04', printHours: 170 }, // after today: ignored
    ]
    expect(printHoursSinceLastMaintenance({ printerId: 'P1', jobs, log, now, timeZone: SEOUL })).toEqual({
      nozzle_change: 7,
      cleaning: 4,
    })
  })
})
