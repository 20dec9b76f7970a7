import { describe, expect, it } from 'vitest'
import { autoSchedule, defaultHorizonEnd, isPrinterCompatible } from './scheduler'
import { compareIds, compareOrdersForPlanning } from './ordering'
import {
  allDay,
  at,
  dailyWindows,
  DAY,
  fixedJob,
  HOUR,
  hoursOf,
  MINUTE,
  order,
  printer,
  product,
  shop,
  span,
  T0,
} from './test-factories'

const jobsOf = (result: ReturnType<typeof autoSchedule>, orderId?: string) =>
  result.jobs.filter((j) => orderId === undefined || j.orderId === orderId)

describe('autoSchedule — basic placement', () => {
  it('places consecutive plates back to back with the changeover between them', () => {
    const result = autoSchedule(
      shop({ printers: [printer('1', { changeoverMinutes: 10 })], orders: [order('o1', { remainingUnits: 3 })] }),
    )
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 1],
      [1 + 10 / 60, 2 + 10 / 60],
      [2 + 20 / 60, 3 + 20 / 60],
    ])
    expect(result.jobs.map((j) => j.sequence)).toEqual([1, 2, 3])
    expect(result.jobs.map((j) => j.plateIndex)).toEqual([1, 2, 3])
    expect(result.jobs.every((j) => j.printerId === '1' && j.productId === 'p1' && j.units === 1)).toBe(true)
    expect(result.unscheduled).toEqual([])
  })

  it('starts no earlier than now rounded up to the next whole minute', () => {
    const now = new Date(T0 + 9 * HOUR + 30_000) // 09:00:30
    const result = autoSchedule(shop({ now, orders: [order('o1')] }))
    expect(result.jobs[0].start).toEqual(new Date(T0 + 9 * HOUR + MINUTE))
  })

  it('keeps now as is when it already falls on a whole minute', () => {
    const result = autoSchedule(shop({ now: at(5), orders: [order('o1')] }))
    expect(hoursOf(result.jobs[0])).toEqual([5, 6])
  })

  it('rounds fractional plate and changeover minutes up to whole minutes', () => {
    const result = autoSchedule(
      shop({
        products: [product('p1', { minutesPerPlate: 59.2 })],
        printers: [printer('1', { changeoverMinutes: 4.5 })],
        orders: [order('o1', { remainingUnits: 2 })],
      }),
    )
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 1],
      [1 + 5 / 60, 2 + 5 / 60],
    ])
  })

  it('splits units into full plates and one partial last plate', () => {
    const result = autoSchedule(
      shop({ products: [product('p1', { unitsPerPlate: 3 })], orders: [order('o1', { remainingUnits: 7 })] }),
    )
    expect(result.jobs.map((j) => j.units)).toEqual([3, 3, 1])
    // Default: a partial plate keeps a full plate's time.
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ])
  })

  it('scales the partial last plate with partialPlateTiming "proportional" (rounded up to the minute)', () => {
    const result = autoSchedule(
      shop({
        products: [product('p1', { unitsPerPlate: 3, minutesPerPlate: 100 })],
        orders: [order('o1', { remainingUnits: 4 })],
        options: { partialPlateTiming: 'proportional' },
      }),
    )
    expect(result.jobs.map((j) => j.units)).toEqual([3, 1])
    expect(result.jobs[1].end.getTime() - result.jobs[1].start.getTime()).toBe(34 * MINUTE) // ⌈100/3⌉
  })

  it('floors fractional remaining units and ignores orders with nothing to plan', () => {
    const result = autoSchedule(
      shop({
        orders: [
          order('o1', { remainingUnits: 2.9 }),
          order('o2', { remainingUnits: 0 }),
          order('o3', { remainingUnits: -4 }),
          order('o4', { remainingUnits: Number.NaN }),
        ],
      }),
    )
    expect(result.jobs.map((j) => j.orderId)).toEqual(['o1', 'o1'])
    expect(result.orders.map((o) => o.orderId)).toEqual(['o1'])
    expect(result.unscheduled).toEqual([])
  })

  it('records filament per job and totals per material and colour', () => {
    const result = autoSchedule(
      shop({
        products: [
          product('p1', { gramsPerUnitMg: 12_345, unitsPerPlate: 2, colour: 'red' }),
          product('p2', { gramsPerUnitMg: 1_000, material: 'PETG', colour: 'clear' }),
        ],
        orders: [order('o1', { remainingUnits: 3 }), order('o2', { productId: 'p2', remainingUnits: 2 })],
      }),
    )
    expect(jobsOf(result, 'o1').map((j) => j.filamentMg)).toEqual([24_690, 12_345])
    expect(result.filament).toEqual([
      { material: 'PETG', colour: 'clear', mg: 2_000 },
      { material: 'PLA', colour: 'red', mg: 37_035 },
    ])
  })
})

describe('autoSchedule — calendars', () => {
  it('skips windows too short for the plate and resumes in the next working window', () => {
    // 09–21 calendar, 5 h plates: 09–14, 14–19, then 19–21 is too short → next day 09–14.
    const result = autoSchedule(
      shop({
        printers: [printer('1', { available: dailyWindows(5, 9, 21) })],
        products: [product('p1', { minutesPerPlate: 300 })],
        orders: [order('o1', { remainingUnits: 4 })],
      }),
    )
    expect(result.jobs.map(hoursOf)).toEqual([
      [9, 14],
      [14, 19],
      [33, 38],
      [38, 43],
    ])
  })

  it('plans around a maintenance gap in the available intervals', () => {
    const result = autoSchedule(
      shop({
        printers: [printer('1', { available: [span(0, 10), span(12, 48)] })],
        products: [product('p1', { minutesPerPlate: 180 })],
        orders: [order('o1', { remainingUnits: 4 })],
      }),
    )
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 3],
      [3, 6],
      [6, 9],
      [12, 15],
    ])
  })

  it('fits a multi-day print inside one continuous 24 h interval', () => {
    const result = autoSchedule(
      shop({ products: [product('p1', { minutesPerPlate: 40 * 60 })], orders: [order('o1', { remainingUnits: 2 })] }),
    )
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 40],
      [40, 80],
    ])
  })

  it('treats touching available intervals as one (a print may run across midnight)', () => {
    const days = [span(0, 24), span(24, 48), span(48, 72)]
    const result = autoSchedule(
      shop({
        printers: [printer('1', { available: days })],
        products: [product('p1', { minutesPerPlate: 30 * 60 })],
        orders: [order('o1')],
      }),
    )
    expect(result.jobs.map(hoursOf)).toEqual([[0, 30]])
  })

  it('reports a plate longer than every window of a 09–21 calendar as plate_longer_than_any_window', () => {
    const result = autoSchedule(
      shop({
        printers: [printer('1', { available: dailyWindows(30, 9, 21) })],
        products: [product('p1', { minutesPerPlate: 14 * 60 })],
        orders: [order('o1', { remainingUnits: 3 })],
      }),
    )
    expect(result.jobs).toEqual([])
    expect(result.unscheduled).toEqual([{ orderId: 'o1', units: 3, reason: 'plate_longer_than_any_window' }])
  })

  it('sends a long plate to the 24 h printer when the other printer only has short windows', () => {
    const result = autoSchedule(
      shop({
        printers: [printer('1', { available: dailyWindows(30, 9, 21) }), printer('2', { available: allDay(30) })],
        products: [product('p1', { minutesPerPlate: 14 * 60 })],
        orders: [order('o1', { remainingUnits: 2 })],
      }),
    )
    expect(result.jobs.map((j) => [j.printerId, ...hoursOf(j)])).toEqual([
      ['2', 0, 14],
      ['2', 14, 28],
    ])
  })

  it('does not use time that lies only partly inside a window (intervals rounded to whole minutes)', () => {
    const available = [{ start: new Date(T0 + 30_000), end: new Date(T0 + HOUR + 30_000) }]
    const result = autoSchedule(shop({ printers: [printer('1', { available })], orders: [order('o1')] }))
    // [00:00:30, 01:00:30) holds only 59 whole minutes.
    expect(result.jobs).toEqual([])
    expect(result.unscheduled[0].reason).toBe('plate_longer_than_any_window')
  })
})

describe('autoSchedule — fixed jobs and changeover', () => {
  it('keeps the changeover before and after a fixed job', () => {
    const result = autoSchedule(
      shop({
        printers: [printer('1', { changeoverMinutes: 30 })],
        fixedJobs: [fixedJob('1', 2, 4)],
        orders: [order('o1', { remainingUnits: 2 })],
      }),
    )
    // Free: [0, 1.5) and [4.5, …). Plate 1: 0–1; plate 2 would end at 2.5 > 1.5 → after the fixed job.
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 1],
      [4.5, 5.5],
    ])
  })

  it('waits for a still-printing job plus changeover', () => {
    const result = autoSchedule(
      shop({
        now: at(1),
        printers: [printer('1', { changeoverMinutes: 15 })],
        fixedJobs: [fixedJob('1', -3, 2)],
        orders: [order('o1')],
      }),
    )
    expect(hoursOf(result.jobs[0])).toEqual([2.25, 3.25])
  })

  it('ignores fixed jobs of printers it does not know and fixed jobs with empty spans', () => {
    const result = autoSchedule(
      shop({ fixedJobs: [fixedJob('99', 0, 10), fixedJob('1', 0, 0)], orders: [order('o1')] }),
    )
    expect(hoursOf(result.jobs[0])).toEqual([0, 1])
  })

  it('back-fills a gap left before a later job with a shorter plate of a lower-priority order', () => {
    const result = autoSchedule(
      shop({
        printers: [printer('1', { changeoverMinutes: 0 })],
        fixedJobs: [fixedJob('1', 2, 3)],
        products: [product('long', { minutesPerPlate: 300 }), product('short', { minutesPerPlate: 60 })],
        orders: [
          order('A', { productId: 'long', priority: 5 }),
          order('B', { productId: 'short', priority: 1, remainingUnits: 2 }),
        ],
      }),
    )
    expect(result.jobs.map((j) => [j.orderId, ...hoursOf(j)])).toEqual([
      ['B', 0, 1],
      ['B', 1, 2],
      ['A', 3, 8],
    ])
  })

  it('keeps the changeover to a planned job that starts just after a short calendar gap', () => {
    // Windows [0, 2) and [2h10m, 30 h); changeover 30 min. A's 5 h plate takes 02:10–07:10, so the first window may
    // only hold jobs ending by 01:40: B's 2 h plate no longer fits there (it would end 10 min before A), C's 1.5 h does.
    const result = autoSchedule(
      shop({
        printers: [printer('1', { changeoverMinutes: 30, available: [span(0, 2), span(2 + 10 / 60, 30)] })],
        products: [
          product('long', { minutesPerPlate: 300 }),
          product('mid', { minutesPerPlate: 120 }),
          product('short', { minutesPerPlate: 90 }),
        ],
        orders: [
          order('A', { productId: 'long', priority: 5 }),
          order('B', { productId: 'mid', priority: 2 }),
          order('C', { productId: 'short', priority: 1 }),
        ],
      }),
    )
    expect(result.jobs.map((j) => [j.orderId, ...hoursOf(j)])).toEqual([
      ['C', 0, 1.5],
      ['A', 2 + 10 / 60, 7 + 10 / 60],
      ['B', 7 + 40 / 60, 9 + 40 / 60],
    ])
  })

  it('pushes the next window back when a job ends closer than the changeover to it', () => {
    // Windows [0, 2) and [2h10m, 30 h); changeover 30 min: after a plate ending at 02:00 the next may start at 02:30.
    const result = autoSchedule(
      shop({
        printers: [printer('1', { changeoverMinutes: 30, available: [span(0, 2), span(2 + 10 / 60, 30)] })],
        products: [product('p1', { minutesPerPlate: 120 })],
        orders: [order('o1', { remainingUnits: 2 })],
      }),
    )
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 2],
      [2.5, 4.5],
    ])
  })

  it('numbers planned jobs per printer in time order', () => {
    const result = autoSchedule(
      shop({
        printers: [printer('1'), printer('2')],
        orders: [order('o1', { remainingUnits: 5 })],
      }),
    )
    const seq = result.jobs.map((j) => [j.printerId, j.sequence, hoursOf(j)[0]])
    expect(seq).toEqual([
      ['1', 1, 0],
      ['2', 1, 0],
      ['1', 2, 1],
      ['2', 2, 1],
      ['1', 3, 2],
    ])
  })
})

describe('autoSchedule — printer choice', () => {
  it('puts each plate where it finishes earliest', () => {
    const result = autoSchedule(
      shop({
        printers: [printer('1'), printer('2')],
        fixedJobs: [fixedJob('1', 0, 5)],
        orders: [order('o1', { remainingUnits: 7 })],
      }),
    )
    // Printer 2 takes plates until printer 1 frees up at 5 h; from then they alternate (ties → lower id '1').
    expect(result.jobs.map((j) => [j.printerId, hoursOf(j)[0]])).toEqual([
      ['2', 0],
      ['2', 1],
      ['2', 2],
      ['2', 3],
      ['2', 4],
      ['1', 5],
      ['2', 5],
    ])
  })

  it('breaks finish-time ties by the numerically lower printer id', () => {
    const result = autoSchedule(shop({ printers: [printer('10'), printer('9')], orders: [order('o1')] }))
    expect(result.jobs[0].printerId).toBe('9')
  })

  it('prefers a printer whose long window finishes the plate earlier even if another starts sooner', () => {
    const result = autoSchedule(
      shop({
        printers: [
          printer('1', { available: [span(0, 1), span(10, 20)] }),
          printer('2', { available: [span(3, 20)] }),
        ],
        products: [product('p1', { minutesPerPlate: 120 })],
        orders: [order('o1')],
      }),
    )
    expect(result.jobs.map((j) => [j.printerId, ...hoursOf(j)])).toEqual([['2', 3, 5]])
  })

  it('uses only printers that support the material (empty list = any, case-insensitive)', () => {
    const result = autoSchedule(
      shop({
        printers: [
          printer('1', { supportedMaterials: ['PETG'] }),
          printer('2', { supportedMaterials: [] }),
          printer('3', { supportedMaterials: [' pla ', 'TPU'] }),
        ],
        orders: [order('o1', { remainingUnits: 4 })],
      }),
    )
    expect(new Set(result.jobs.map((j) => j.printerId))).toEqual(new Set(['2', '3']))
    expect(result.jobs).toHaveLength(4)
  })

  it('reports no_compatible_printer when no printer supports the material', () => {
    const result = autoSchedule(
      shop({
        printers: [printer('1', { supportedMaterials: ['PLA'] })],
        products: [product('p1', { material: 'ASA' })],
        orders: [order('o1', { remainingUnits: 5 })],
      }),
    )
    expect(result.jobs).toEqual([])
    expect(result.unscheduled).toEqual([{ orderId: 'o1', units: 5, reason: 'no_compatible_printer' }])
  })

  it('reports invalid_product for a missing product or one with no time or units per plate', () => {
    const result = autoSchedule(
      shop({
        products: [product('zeroTime', { minutesPerPlate: 0 }), product('zeroUnits', { unitsPerPlate: 0.5 })],
        orders: [
          order('a', { productId: 'missing', remainingUnits: 2 }),
          order('b', { productId: 'zeroTime' }),
          order('c', { productId: 'zeroUnits' }),
        ],
      }),
    )
    expect(result.unscheduled).toEqual([
      { orderId: 'a', units: 2, reason: 'invalid_product' },
      { orderId: 'b', units: 1, reason: 'invalid_product' },
      { orderId: 'c', units: 1, reason: 'invalid_product' },
    ])
  })

  it('isPrinterCompatible: empty list means any material', () => {
    expect(isPrinterCompatible({ supportedMaterials: [] }, 'Nylon')).toBe(true)
    expect(isPrinterCompatible({ supportedMaterials: ['petg'] }, 'PETG')).toBe(true)
    expect(isPrinterCompatible({ supportedMaterials: ['PETG'] }, 'PLA')).toBe(false)
  })
})

describe('autoSchedule — priorities and due dates', () => {
  it('plans a higher priority first even when a lower priority is due sooner', () => {
    const result = autoSchedule(
      shop({
        orders: [
          order('urgentDue', { priority: 0, dueDate: at(2) }),
          order('important', { priority: 3, dueDate: at(100) }),
        ],
      }),
    )
    expect(result.jobs.map((j) => [j.orderId, hoursOf(j)[0]])).toEqual([
      ['important', 0],
      ['urgentDue', 1],
    ])
    expect(result.orders.map((o) => [o.orderId, o.rank])).toEqual([
      ['important', 1],
      ['urgentDue', 2],
    ])
  })

  it('within a priority plans earlier due dates first, orders without due date last, then by creation and id', () => {
    const orders = [
      order('noDue', { dueDate: null, createdAt: at(-100) }),
      order('late', { dueDate: at(50) }),
      order('soon', { dueDate: at(10) }),
      order('soonOlder', { dueDate: at(10), createdAt: at(-48) }),
      order('b', { dueDate: at(60), createdAt: at(-1) }),
      order('a', { dueDate: at(60), createdAt: at(-1) }),
    ]
    const result = autoSchedule(shop({ orders }))
    expect(result.orders.map((o) => o.orderId)).toEqual(['soonOlder', 'soon', 'late', 'a', 'b', 'noDue'])
  })

  it('compareOrdersForPlanning sorts numeric ids numerically as the last tie-break', () => {
    const sorted = [order('10'), order('9'), order('100')].sort(compareOrdersForPlanning).map((o) => o.id)
    expect(sorted).toEqual(['9', '10', '100'])
  })

  it('compareIds: numeric ids by value, others by code units', () => {
    expect(['b', '10', 'a', '9', 'B'].sort(compareIds)).toEqual(['10', '9', 'B', 'a', 'b'].sort(compareIds))
    expect(compareIds('9', '10')).toBeLessThan(0)
    expect(compareIds('007', '7')).not.toBe(0)
    expect(compareIds('B', 'a')).toBeLessThan(0)
    expect(compareIds('x', 'x')).toBe(0)
  })

  it('lists late orders with projected finish and lateness, largest first', () => {
    const result = autoSchedule(
      shop({
        orders: [
          order('o1', { priority: 2, dueDate: at(0.5) }),
          order('o2', { priority: 1, remainingUnits: 2, dueDate: at(1) }),
          order('o3', { priority: 0, dueDate: at(100) }),
        ],
      }),
    )
    expect(result.late).toEqual([
      { orderId: 'o2', projectedFinish: at(3), dueDate: at(1), latenessMs: 2 * HOUR, fullyScheduled: true },
      { orderId: 'o1', projectedFinish: at(1), dueDate: at(0.5), latenessMs: 0.5 * HOUR, fullyScheduled: true },
    ])
    const o3 = result.orders.find((o) => o.orderId === 'o3')
    expect(o3).toMatchObject({ projectedFinish: at(4), latenessMs: at(4).getTime() - at(100).getTime(), plates: 1 })
  })
})

describe('autoSchedule — horizon', () => {
  it('stops at the horizon and reports the rest as horizon_full', () => {
    const result = autoSchedule(
      shop({
        horizonEnd: at(10),
        products: [product('p1', { minutesPerPlate: 180 })],
        orders: [order('o1', { remainingUnits: 5, dueDate: at(5) })],
      }),
    )
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 3],
      [3, 6],
      [6, 9],
    ])
    expect(result.unscheduled).toEqual([{ orderId: 'o1', units: 2, reason: 'horizon_full' }])
    expect(result.late).toEqual([
      { orderId: 'o1', projectedFinish: at(9), dueDate: at(5), latenessMs: 4 * HOUR, fullyScheduled: false },
    ])
  })

  it('accepts a plate that ends exactly at the horizon end', () => {
    const result = autoSchedule(shop({ horizonEnd: at(2), orders: [order('o1', { remainingUnits: 3 })] }))
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 1],
      [1, 2],
    ])
    expect(result.unscheduled).toEqual([{ orderId: 'o1', units: 1, reason: 'horizon_full' }])
  })

  it('lets lower-priority orders use what higher-priority ones left, and reports the rest', () => {
    const result = autoSchedule(
      shop({
        horizonEnd: at(4),
        orders: [order('hi', { priority: 1, remainingUnits: 3 }), order('lo', { remainingUnits: 3 })],
      }),
    )
    expect(result.jobs.map((j) => j.orderId)).toEqual(['hi', 'hi', 'hi', 'lo'])
    expect(result.unscheduled).toEqual([{ orderId: 'lo', units: 2, reason: 'horizon_full' }])
  })

  it('reports horizon_full (not plate_longer…) when the horizon has already passed', () => {
    const result = autoSchedule(shop({ now: at(10), horizonEnd: at(5), orders: [order('o1')] }))
    expect(result.unscheduled).toEqual([{ orderId: 'o1', units: 1, reason: 'horizon_full' }])
  })

  it('defaultHorizonEnd is 90 days after now', () => {
    expect(defaultHorizonEnd(at(0)).getTime() - T0).toBe(90 * DAY)
  })

  it('rejects an invalid now', () => {
    expect(() => autoSchedule(shop({ now: new Date(Number.NaN) }))).toThrow(RangeError)
  })
})

describe('autoSchedule — load', () => {
  it('reports planned + fixed time over available time within [now, horizonEnd)', () => {
    const result = autoSchedule(
      shop({
        horizonEnd: at(10),
        printers: [printer('1'), printer('2', { available: [] }), printer('3', { available: [span(0, 4)] })],
        fixedJobs: [fixedJob('1', -5, 2), fixedJob('1', 1, 2), fixedJob('3', 3, 8)],
        orders: [order('o1', { remainingUnits: 3 })],
      }),
    )
    const load = Object.fromEntries(result.load.map((l) => [l.printerId, l]))
    // Printer 1: fixed −5…2 and 1…2 count once and only from now: 2 h. Printer 3: fixed 3–8 counts only 3–4.
    // Plates: printer 3 takes 0–1 and 1–2; the third ties at 3 h between 3 (2–3) and 1 (2–3) → lower id '1'.
    expect(load['1']).toEqual({ printerId: '1', availableMs: 10 * HOUR, plannedMs: HOUR, fixedMs: 2 * HOUR, loadPct: 30 })
    expect(load['3']).toEqual({ printerId: '3', availableMs: 4 * HOUR, plannedMs: 2 * HOUR, fixedMs: HOUR, loadPct: 75 })
    expect(load['2']).toEqual({ printerId: '2', availableMs: 0, plannedMs: 0, fixedMs: 0, loadPct: null })
    expect(result.load.map((l) => l.printerId)).toEqual(['1', '2', '3'])
  })

  it('gives 100 % for a printer fully booked until the horizon', () => {
    const result = autoSchedule(shop({ horizonEnd: at(4), orders: [order('o1', { remainingUnits: 10 })] }))
    expect(result.load[0].loadPct).toBe(100)
  })
})

describe('autoSchedule — determinism', () => {
  it('returns the same plan whatever the order of the input arrays', () => {
    const input = shop({
      printers: [printer('2', { changeoverMinutes: 5 }), printer('1', { available: dailyWindows(10, 9, 21) }), printer('3')],
      products: [product('p1'), product('p2', { minutesPerPlate: 200, unitsPerPlate: 4 })],
      fixedJobs: [fixedJob('3', 0, 7), fixedJob('2', 5, 6)],
      orders: [
        order('o1', { remainingUnits: 6, priority: 1 }),
        order('o2', { productId: 'p2', remainingUnits: 9, dueDate: at(20) }),
        order('o3', { remainingUnits: 4 }),
      ],
    })
    const reversed = {
      ...input,
      printers: [...input.printers].reverse(),
      products: [...input.products].reverse(),
      fixedJobs: [...input.fixedJobs].reverse(),
      orders: [...input.orders].reverse(),
    }
    expect(autoSchedule(reversed)).toEqual(autoSchedule(input))
  })
})
