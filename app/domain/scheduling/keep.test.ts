import { describe, expect, it } from 'vitest'
import { diffPlans } from './diff'
import { autoSchedule } from './scheduler'
import { at, dailyWindows, hoursOf, MINUTE, order, printer, product, shop, span } from './test-factories'
import type { ExistingPlannedJob, PlannedJob, ScheduleInput } from './types'

/** The plan as it would be stored after "Apply" (ids s1, s2, … in time order). */
const stored = (jobs: PlannedJob[]): ExistingPlannedJob[] =>
  jobs.map((j, i) => ({ id: `s${i + 1}`, orderId: j.orderId, printerId: j.printerId, start: j.start, end: j.end, units: j.units }))

const later = (input: ScheduleInput, minutes: number, keep: ExistingPlannedJob[], extra: Partial<ScheduleInput> = {}): ScheduleInput => ({
  ...input,
  now: new Date(input.now.getTime() + minutes * MINUTE),
  keep,
  ...extra,
})

const base = shop({
  printers: [printer('1', { changeoverMinutes: 10 }), printer('2', { changeoverMinutes: 10 })],
  products: [product('p1', { unitsPerPlate: 4, minutesPerPlate: 90 }), product('p2', { minutesPerPlate: 30 })],
  orders: [order('o1', { remainingUnits: 14, priority: 1 }), order('o2', { productId: 'p2', remainingUnits: 3 })],
})

describe('stable re-planning', () => {
  it('plans again 5 minutes later with nothing changed: every job keeps its slot, zero moves', () => {
    const first = autoSchedule(base)
    const kept = stored(first.jobs)
    const second = autoSchedule(later(base, 5, kept))
    const diff = diffPlans(kept, second.jobs)
    expect(diff.moved).toEqual([])
    expect(diff.added).toEqual([])
    expect(diff.removed).toEqual([])
    expect(diff.unchanged).toHaveLength(first.jobs.length)
    expect(second.jobs.every((j) => j.keptId)).toBe(true)
  })

  it('without the stored jobs to keep, the same re-plan would move the jobs (the old, unstable behaviour)', () => {
    const first = autoSchedule(base)
    const second = autoSchedule({ ...base, now: new Date(base.now.getTime() + 5 * MINUTE) })
    expect(diffPlans(stored(first.jobs), second.jobs).moved.length).toBeGreaterThan(0)
  })

  it('one new order adds only its own jobs; every stored job stays where it was', () => {
    const first = autoSchedule(base)
    const kept = stored(first.jobs)
    const next = later(base, 5, kept, { orders: [...base.orders, order('o3', { productId: 'p2', remainingUnits: 2, createdAt: at(0) })] })
    const diff = diffPlans(kept, autoSchedule(next).jobs)
    expect(diff.moved).toEqual([])
    expect(diff.removed).toEqual([])
    expect(diff.unchanged).toHaveLength(kept.length)
    expect(diff.added.map((j) => j.orderId)).toEqual(['o3', 'o3'])
  })

  it('a more urgent new order still goes first: it takes the slots of lower-ranked stored jobs, which move after it', () => {
    const input = shop({ orders: [order('o1', { remainingUnits: 2 })] })
    const kept = stored(autoSchedule(input).jobs)
    const next = later(input, 0, kept, { orders: [order('o1', { remainingUnits: 2 }), order('urgent', { priority: 9 })] })
    const result = autoSchedule(next)
    expect(result.jobs.map((j) => [j.orderId, ...hoursOf(j), j.keptId ?? null])).toEqual([
      ['urgent', 0, 1, null],
      ['o1', 1, 2, 's2'],
      ['o1', 2, 3, null],
    ])
    expect(diffPlans(kept, result.jobs)).toMatchObject({ added: [{ orderId: 'urgent' }], moved: [{ id: 's1' }], removed: [] })
  })

  it('plans only the rest of an order whose target grew, after its kept jobs', () => {
    const input = shop({ orders: [order('o1', { remainingUnits: 2 })] })
    const kept = stored(autoSchedule(input).jobs)
    const result = autoSchedule(later(input, 1, kept, { orders: [order('o1', { remainingUnits: 3 })] }))
    expect(result.jobs.map(hoursOf)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ])
    expect(result.jobs.map((j) => j.plateIndex)).toEqual([1, 2, 3])
    expect(result.orders[0]).toMatchObject({ plannedUnits: 3, plates: 3 })
  })

  it('drops the latest jobs of an order that needs fewer units now', () => {
    const input = shop({ orders: [order('o1', { remainingUnits: 3 })] })
    const kept = stored(autoSchedule(input).jobs)
    const diff = diffPlans(kept, autoSchedule(later(input, 1, kept, { orders: [order('o1', { remainingUnits: 1 })] })).jobs)
    expect(diff.unchanged.map((u) => u.id)).toEqual(['s1'])
    expect(diff.removed.map((r) => r.id)).toEqual(['s2', 's3'])
  })

  it('re-plans a job that is now in maintenance (no longer inside the available time)', () => {
    const input = shop({ orders: [order('o1', { remainingUnits: 2 })] })
    const kept = stored(autoSchedule(input).jobs)
    // Maintenance 1:30–3:00: the second job (1–2) no longer fits where it was.
    const printers = [printer('1', { available: [span(0, 1.5), span(3, 24 * 30)] })]
    const result = autoSchedule(later(input, 1, kept, { printers }))
    expect(result.jobs.map((j) => j.keptId ?? null)).toEqual(['s1', null])
    expect(hoursOf(result.jobs[1])).toEqual([3, 4])
  })

  it('re-plans a job whose printer no longer supports the material, and one whose plate time changed', () => {
    const input = shop({ printers: [printer('1'), printer('2')], orders: [order('o1', { remainingUnits: 2 })] })
    const kept = stored(autoSchedule(input).jobs)
    expect(kept.map((k) => k.printerId)).toEqual(['1', '2'])
    const narrowed = autoSchedule(later(input, 1, kept, { printers: [printer('1'), printer('2', { supportedMaterials: ['PETG'] })] }))
    expect(narrowed.jobs.map((j) => j.keptId ?? null)).toEqual(['s1', null])
    const slower = autoSchedule(later(input, 1, kept, { products: [product('p1', { minutesPerPlate: 75 })] }))
    expect(slower.jobs.every((j) => !j.keptId)).toBe(true)
  })

  it('keeps a job due to start a few minutes ago (not started yet), re-plans one overdue by more than the grace', () => {
    const input = shop({ printers: [printer('1', { available: dailyWindows(30, 0, 24) })], orders: [order('o1', { remainingUnits: 2 })] })
    const kept = stored(autoSchedule(input).jobs)
    expect(autoSchedule(later(input, 10, kept)).jobs.every((j) => j.keptId)).toBe(true)
    const overdue = autoSchedule(later(input, 20, kept))
    // The overdue plate and every stored job behind it on that printer are planned again: the queue shifts by 20 min
    // (no hole in front of a kept job).
    expect(overdue.jobs.map((j) => j.keptId ?? null)).toEqual([null, null])
    expect(overdue.jobs.map(hoursOf)).toEqual([
      [1 / 3, 1 + 1 / 3],
      [1 + 1 / 3, 2 + 1 / 3],
    ])
  })

  it('a print running late shifts the stored queue of its printer only; another printer keeps its jobs', () => {
    const input = shop({ printers: [printer('1'), printer('2')], orders: [order('o1', { remainingUnits: 4 })] })
    const kept = stored(autoSchedule(input).jobs)
    expect(kept.map((k) => [k.printerId, ...hoursOf(k)])).toEqual([
      ['1', 0, 1],
      ['2', 0, 1],
      ['1', 1, 2],
      ['2', 1, 2],
    ])
    // Printer 1 is busy until 0:31 with a print that runs late: its two stored jobs move back 31 minutes.
    const result = autoSchedule(later(input, 0, kept, { fixedJobs: [{ printerId: '1', start: at(-1), end: at(31 / 60) }] }))
    const diff = diffPlans(kept, result.jobs)
    expect(diff.unchanged.map((u) => u.id).sort()).toEqual(['s2', 's4'])
    expect(diff.moved.map((m) => [m.id, ...hoursOf(m.to)])).toEqual([
      ['s1', 31 / 60, 1 + 31 / 60],
      ['s3', 1 + 31 / 60, 2 + 31 / 60],
    ])
  })

  it('never keeps two jobs closer than the changeover (a stored plan with a conflict is repaired)', () => {
    const input = shop({ printers: [printer('1', { changeoverMinutes: 30 })], orders: [order('o1', { remainingUnits: 2 })] })
    const clash: ExistingPlannedJob[] = [
      { id: 'a', orderId: 'o1', printerId: '1', start: at(1), end: at(2) },
      { id: 'b', orderId: 'o1', printerId: '1', start: at(2), end: at(3) },
    ].map((j) => ({ ...j, units: 1 }))
    const result = autoSchedule({ ...input, keep: clash })
    expect(result.jobs.map((j) => j.keptId ?? null)).toEqual(['a', null])
    expect(hoursOf(result.jobs[1])).toEqual([2.5, 3.5])
  })

  it('reports load for the load window only (e.g. the next 7 days), not the whole horizon', () => {
    const input = shop({ orders: [order('o1', { remainingUnits: 24 })] })
    const week = autoSchedule({ ...input, loadUntil: at(7 * 24) })
    expect(week.load[0].loadPct).toBeCloseTo((24 / (7 * 24)) * 100)
    const horizon = autoSchedule(input)
    expect(horizon.load[0].loadPct).toBeCloseTo((24 / (30 * 24)) * 100)
  })
})
