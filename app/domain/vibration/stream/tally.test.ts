import { describe, expect, test } from 'vitest'
import { addToTally, emptyTally, tallySummary, type TallyWindow } from './tally'

const w = (faultType: 0 | 1 | 2 | 3 | null, confidence: number | null, velocityRms: number | null = null, shaftHz: number | null = 25): TallyWindow => ({
  faultType,
  confidence,
  features: { shaftHz, velocityRms, speedEstimated: false },
})

describe("a stream recording's running summary", () => {
  test('windows without a judgement: "no baseline"', () => {
    const s = tallySummary(addToTally(emptyTally(), [w(null, null), w(null, null)]), {})
    expect(s).toMatchObject({ status: 'no_baseline', faultType: null, code: 'no_baseline', confidence: null, windowCount: 2, votes: [0, 0, 0, 0] })
  })

  test('the majority of judged windows, tallied in parts, equals the tally of all at once', () => {
    const all = [w(0, 0.9), w(1, 0.8), w(1, 0.7), w(null, null), w(0, 0.6), w(1, 0.9)]
    const once = addToTally(emptyTally(), all)
    const parts = addToTally(addToTally(emptyTally(), all.slice(0, 2)), all.slice(2))
    expect(parts).toEqual(once)
    expect(tallySummary(once, {})).toMatchObject({ status: 'diagnosed', faultType: 1, code: 'unbalance', votes: [2, 3, 0, 0], windowCount: 6 })
    expect(tallySummary(once, {}).confidence).toBeCloseTo(0.8, 9)
  })

  test('a tie goes to the worse fault; adding leaves the old tally as it was', () => {
    const before = addToTally(emptyTally(), [w(0, 0.9)])
    const after = addToTally(before, [w(2, 0.9)])
    expect(before.votes).toEqual([1, 0, 0, 0])
    expect(tallySummary(after, {}).faultType).toBe(2)
  })

  test('velocity RMS over windows and its ISO zone; mean shaft speed', () => {
    const t = addToTally(emptyTally(), [w(0, 1, 3, 24), w(0, 1, 4, 26)])
    const s = tallySummary(t, { isoGroup: 'group2', foundation: 'rigid' })
    expect(s.velocityRms).toBeCloseTo(Math.sqrt(12.5), 9)
    expect(s.shaftHz).toBe(25)
    expect(s.isoZone).not.toBe('not_zoned')
  })
})
