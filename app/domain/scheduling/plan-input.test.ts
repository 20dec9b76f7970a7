import { describe, expect, test } from 'vitest'
import { ordersToPlan, splitLiveJobs, toSchedulerProduct, type LiveJob, type OpenOrder } from './plan-input'
import { at, MINUTE } from './test-factories'

const order = (id: string, over: Partial<OpenOrder> = {}): OpenOrder => ({
  id,
  productId: 'prod',
  priority: 0,
  dueDate: null,
  createdAt: at(0),
  targetQuantity: 10,
  stockOnHand: 0,
  ...over,
})

describe('ordersToPlan', () => {
  test('plans target − stock − produced − units held by printing and locked jobs', () => {
    const output = new Map([
      ['a', { producedGood: 3, heldUnits: 2 }],
      ['b', { producedGood: 0, heldUnits: 0 }],
    ])
    const planned = ordersToPlan([order('a', { stockOnHand: 1 }), order('b'), order('c', { targetQuantity: 5 })], output, 'UTC')
    expect(planned.map((o) => [o.id, o.remainingUnits])).toEqual([
      ['a', 4],
      ['b', 10],
      ['c', 5],
    ])
  })

  test('orders with nothing left to plan are left out', () => {
    const output = new Map([
      ['done', { producedGood: 10, heldUnits: 0 }],
      ['held', { producedGood: 4, heldUnits: 6 }],
    ])
    expect(ordersToPlan([order('done'), order('held'), order('stocked', { stockOnHand: 12 })], output, 'UTC')).toEqual([])
  })

  test('a due date becomes the end of that day in the shop time zone', () => {
    const [o] = ordersToPlan([order('a', { dueDate: '2026-03-02', priority: 3 })], new Map(), 'Asia/Seoul')
    expect(o).toEqual({ id: 'a', productId: 'prod', priority: 3, dueDate: new Date('2026-03-02T15:00:00Z'), createdAt: at(0), remainingUnits: 10 })
  })
})

test("a product's grams per unit reach the scheduler in mg", () => {
  expect(toSchedulerProduct({ id: 'p', minutesPerPlate: 90, unitsPerPlate: 4, material: 'PLA', colour: 'black', gramsPerUnit: '12.34' })).toEqual({
    id: 'p',
    minutesPerPlate: 90,
    unitsPerPlate: 4,
    material: 'PLA',
    colour: 'black',
    gramsPerUnitMg: 12_340,
  })
})

describe('splitLiveJobs', () => {
  const live = (id: string, status: string, locked: boolean, from: number, to: number): LiveJob => ({ id, orderId: 'o', printerId: 'p', status, locked, start: at(from), end: at(to), units: 2 })

  test('printing and locked jobs are fixed; unlocked planned jobs may be replaced', () => {
    const { fixedJobs, replaceable } = splitLiveJobs([live('run', 'printing', false, 0, 3), live('lock', 'planned', true, 4, 5), live('free', 'planned', false, 6, 7)], at(1))
    expect(fixedJobs).toEqual([
      { id: 'run', printerId: 'p', start: at(0), end: at(3) },
      { id: 'lock', printerId: 'p', start: at(4), end: at(5) },
    ])
    expect(replaceable).toEqual([{ id: 'free', orderId: 'o', printerId: 'p', start: at(6), end: at(7), units: 2 }])
  })

  test('a print running past its expected end holds the printer until the minute after the next whole minute', () => {
    const now = new Date(at(5).getTime() + 20_000)
    const { fixedJobs } = splitLiveJobs([live('late', 'printing', false, 0, 3)], now)
    expect(fixedJobs[0].end).toEqual(new Date(at(5).getTime() + 2 * MINUTE))
    expect(splitLiveJobs([live('late', 'printing', false, 0, 5)], at(5)).fixedJobs[0].end).toEqual(new Date(at(5).getTime() + MINUTE))
  })
})
