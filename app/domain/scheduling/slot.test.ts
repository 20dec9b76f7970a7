import { describe, expect, test } from 'vitest'
import { checkSlotPrinter, checkSlotTime, checkStart, slotSearchRange, type SlotTimeInput } from './slot'
import { at, DAY, span } from './test-factories'

describe('checkSlotPrinter', () => {
  const printer = { status: 'active', materials: ['PLA', 'PETG'] }
  const slot = { start: at(1), end: at(2), units: 2, unitsPerPlate: 4, material: 'pla' }

  test('an active printer for the material, units within a plate and end after start pass', () => {
    expect(checkSlotPrinter(printer, slot)).toBeNull()
    expect(checkSlotPrinter({ status: 'active', materials: [] }, { ...slot, material: 'ABS' })).toBeNull()
  })

  test('each rule answers its own problem, in order', () => {
    expect(checkSlotPrinter({ ...printer, status: 'maintenance' }, { ...slot, material: 'ABS' })).toEqual({ code: 'printer_inactive' })
    expect(checkSlotPrinter(printer, { ...slot, material: 'ABS', units: 9 })).toEqual({ code: 'incompatible_material', material: 'ABS' })
    expect(checkSlotPrinter(printer, { ...slot, units: 5 })).toEqual({ code: 'units_range', max: 4 })
    expect(checkSlotPrinter(printer, { ...slot, units: 0 })).toEqual({ code: 'units_range', max: 4 })
    expect(checkSlotPrinter(printer, { ...slot, units: 1.5 })).toEqual({ code: 'units_range', max: 4 })
    expect(checkSlotPrinter(printer, { ...slot, end: at(1) })).toEqual({ code: 'end_before_start' })
  })
})

test('the search runs from the earlier of start and now to a horizon past the later end', () => {
  expect(slotSearchRange(span(5, 6), at(1))).toEqual({ from: at(1), to: new Date(at(6).getTime() + 90 * DAY) })
  expect(slotSearchRange(span(1, 2), at(5))).toEqual({ from: at(1), to: new Date(at(5).getTime() + 90 * DAY) })
})

describe('checkSlotTime', () => {
  const base: SlotTimeInput = {
    slot: span(10, 12),
    now: at(0),
    searchTo: at(72),
    changeoverMinutes: 0,
    available: [span(8, 20), span(32, 44)],
    maintenance: [],
    others: [],
  }

  test('a slot inside the calendar, clear of maintenance and other jobs, passes', () => {
    expect(checkSlotTime(base)).toBeNull()
    // Touching another job is fine without a changeover.
    expect(checkSlotTime({ ...base, others: [{ id: 'j', start: at(12), end: at(13), orderReference: 'R-1' }] })).toBeNull()
  })

  test('maintenance comes first, with the next free start of the same length', () => {
    const window = { start: at(11), end: at(14), reason: 'nozzle' }
    const others = [{ id: 'j', start: at(9), end: at(11), orderReference: 'R-1' }]
    // The free calendar 8–20 minus maintenance 11–14 (available excludes it) leaves 14–20 after the slot's start.
    expect(checkSlotTime({ ...base, maintenance: [window], others, available: [span(8, 11), span(14, 20)] })).toEqual({ code: 'maintenance', window, nextFree: at(14) })
  })

  test('another job closer than the changeover is an overlap, the earliest one reported', () => {
    const others = [
      { id: 'late', start: at(11.5), end: at(13), orderReference: 'R-2' },
      { id: 'early', start: at(9), end: at(10.5), orderReference: 'R-1' },
    ]
    expect(checkSlotTime({ ...base, others })).toEqual({
      code: 'overlap',
      job: { id: 'early', orderReference: 'R-1', startsAt: at(9), endsAt: at(10.5) },
      nextFree: at(13),
    })
    const near = [{ id: 'near', start: at(12.25), end: at(13), orderReference: 'R-3' }]
    expect(checkSlotTime({ ...base, others: near })).toBeNull()
    expect(checkSlotTime({ ...base, others: near, changeoverMinutes: 30 })).toMatchObject({ code: 'overlap', job: { id: 'near' }, nextFree: at(13.5) })
  })

  test('outside the calendar: the next slot that fits, or none before the search ends', () => {
    expect(checkSlotTime({ ...base, slot: span(19, 21) })).toEqual({ code: 'outside_calendar', nextFree: at(32) })
    expect(checkSlotTime({ ...base, slot: span(19, 21), searchTo: at(30) })).toEqual({ code: 'outside_calendar', nextFree: null })
  })

  test('the next free start is never before now', () => {
    expect(checkSlotTime({ ...base, slot: span(6, 7), now: at(15) })).toEqual({ code: 'outside_calendar', nextFree: at(15) })
  })
})

describe('checkStart', () => {
  const job = (id: string, status: string, locked: boolean, from: number, to: number) => ({ id, status, locked, start: at(from), end: at(to), orderReference: `R-${id}` })

  test('unlocked planned jobs the new slot overlaps are released', () => {
    expect(checkStart([job('a', 'planned', false, 1, 3), job('b', 'planned', false, 3, 4), job('c', 'planned', true, 5, 6)], at(0), at(3))).toEqual({ released: ['a'] })
    expect(checkStart([], at(0), at(3))).toEqual({ released: [] })
  })

  test('another print on the printer, or a locked job in the way, refuses the start', () => {
    expect(checkStart([job('a', 'planned', true, 1, 2), job('p', 'printing', false, 9, 10)], at(0), at(3))).toEqual({ problem: { code: 'printer_busy', job: { id: 'p', orderReference: 'R-p' } } })
    expect(checkStart([job('a', 'planned', false, 1, 2), job('l', 'planned', true, 2, 4)], at(0), at(3))).toEqual({ problem: { code: 'blocked_by_locked', job: { id: 'l', orderReference: 'R-l' } } })
  })
})
