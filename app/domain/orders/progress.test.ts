import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deriveOrder, deriveOrderProgress, deriveOrderStatus, type OrderStatusInput } from './progress'

function order(overrides: Partial<OrderStatusInput> = {}): OrderStatusInput {
  return { targetQuantity: 100, stockOnHand: 0, producedGood: 0, cancelled: false, hasStartedJobs: false, ...overrides }
}

describe('deriveOrderProgress', () => {
  it('counts stock and produced units towards the target', () => {
    expect(deriveOrderProgress(order({ stockOnHand: 20, producedGood: 30 }))).toEqual({
      remaining: 50,
      covered: 50,
      progressPercent: 50,
      surplus: 0,
    })
  })

  it('rounds progress down so 100 % means fully covered', () => {
    expect(deriveOrderProgress(order({ targetQuantity: 1000, producedGood: 999 })).progressPercent).toBe(99)
    expect(deriveOrderProgress(order({ targetQuantity: 3, producedGood: 1 })).progressPercent).toBe(33)
    expect(deriveOrderProgress(order({ targetQuantity: 3, producedGood: 2 })).progressPercent).toBe(66)
    expect(deriveOrderProgress(order({ targetQuantity: 3, producedGood: 3 })).progressPercent).toBe(100)
  })

  it('caps progress at 100 % and reports the surplus when over-produced', () => {
    expect(deriveOrderProgress(order({ targetQuantity: 10, stockOnHand: 4, producedGood: 9 }))).toEqual({
      remaining: 0,
      covered: 13,
      progressPercent: 100,
      surplus: 3,
    })
  })

  it('treats stock larger than the target as surplus', () => {
    const p = deriveOrderProgress(order({ targetQuantity: 10, stockOnHand: 15 }))
    expect(p.remaining).toBe(0)
    expect(p.surplus).toBe(5)
  })

  it('treats a zero target as covered', () => {
    expect(deriveOrderProgress(order({ targetQuantity: 0 }))).toMatchObject({ remaining: 0, progressPercent: 100 })
  })

  it('stays exact for large quantities', () => {
    const p = deriveOrderProgress(order({ targetQuantity: 2_147_483_647, producedGood: 2_147_483_646 }))
    expect(p.progressPercent).toBe(99)
    expect(p.remaining).toBe(1)
  })

  it.each([
    ['negative produced', { producedGood: -1 }],
    ['fractional stock', { stockOnHand: 1.5 }],
    ['NaN target', { targetQuantity: Number.NaN }],
  ])('rejects %s', (_label, overrides) => {
    expect(() => deriveOrderProgress(order(overrides))).toThrow(RangeError)
  })
})

describe('deriveOrderStatus', () => {
  it('is planned when nothing is produced, no job started and stock does not cover the target', () => {
    expect(deriveOrderStatus(order({ stockOnHand: 10 }))).toBe('planned')
  })

  it('is in progress as soon as a job has started, even before any output', () => {
    expect(deriveOrderStatus(order({ hasStartedJobs: true }))).toBe('in_progress')
  })

  it('is in progress when good units are recorded', () => {
    expect(deriveOrderStatus(order({ producedGood: 1 }))).toBe('in_progress')
  })

  it('completes when nothing remains', () => {
    expect(deriveOrderStatus(order({ stockOnHand: 40, producedGood: 60, hasStartedJobs: true }))).toBe('completed')
  })

  it('completes immediately when stock alone covers the target', () => {
    const d = deriveOrder(order({ targetQuantity: 10, stockOnHand: 10 }))
    expect(d.status).toBe('completed')
    expect(d.coveredByStock).toBe(true)
    expect(deriveOrder(order({ targetQuantity: 10, stockOnHand: 9 })).coveredByStock).toBe(false)
  })

  it('goes back to in progress when a correction lowers recorded output', () => {
    const before = order({ producedGood: 100, hasStartedJobs: true })
    expect(deriveOrderStatus(before)).toBe('completed')
    expect(deriveOrderStatus({ ...before, producedGood: 95 })).toBe('in_progress')
  })

  it('goes back to planned when a correction removes all output and no job has started', () => {
    expect(deriveOrderStatus(order({ producedGood: 0, hasStartedJobs: false }))).toBe('planned')
  })

  it('lets a manual cancellation override every derived status', () => {
    expect(deriveOrderStatus(order({ cancelled: true }))).toBe('cancelled')
    expect(deriveOrderStatus(order({ cancelled: true, producedGood: 100 }))).toBe('cancelled')
    expect(deriveOrderStatus(order({ cancelled: true, hasStartedJobs: true }))).toBe('cancelled')
  })

  it('returns progress numbers together with the status', () => {
    expect(deriveOrder(order({ targetQuantity: 8, producedGood: 10 }))).toEqual({
      remaining: 0,
      covered: 10,
      progressPercent: 100,
      surplus: 2,
      status: 'completed',
      coveredByStock: false,
    })
  })
})

describe('progress properties', () => {
  it('keeps remaining, covered and surplus consistent for any quantities', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.nat(1_000_000),
        fc.nat(1_000_000),
        fc.boolean(),
        (targetQuantity, stockOnHand, producedGood, hasStartedJobs) => {
          const d = deriveOrder({ targetQuantity, stockOnHand, producedGood, cancelled: false, hasStartedJobs })
          expect(d.covered + d.remaining).toBe(targetQuantity + d.surplus)
          expect(d.remaining === 0 || d.surplus === 0).toBe(true)
          expect(d.progressPercent).toBeGreaterThanOrEqual(0)
          expect(d.progressPercent).toBeLessThanOrEqual(100)
          expect(d.progressPercent === 100).toBe(d.remaining === 0)
          expect(d.status === 'completed').toBe(d.remaining === 0)
        },
      ),
      { numRuns: 500 },
    )
  })
})
