import { describe, expect, test } from 'vitest'
import { checkOutput, filamentUseMg, finishedAt, overproducedUnits, plannedGramsMg } from './output'

const job = { units: 3, unitsPerPlate: 4, gramsPerUnit: '12.34' }

describe('planned grams', () => {
  test('units × grams per unit, rounded up to the next 0.1 g', () => {
    // 3 × 12.34 g = 37.02 g → 37.1 g
    expect(plannedGramsMg(job)).toBe(37_100)
    expect(plannedGramsMg({ units: 2, gramsPerUnit: '10.00' })).toBe(20_000)
  })

  test("a plan's filament use adds the product's waste allowance", () => {
    // 10 × 10 g × 1.05 = 105 g; 3 × 12.34 g × 1.075 = 39.7965 g → 39.8 g
    expect(filamentUseMg(10, '10.00', '5.00')).toBe(105_000)
    expect(filamentUseMg(3, '12.34', '7.5')).toBe(39_800)
    expect(filamentUseMg(3, '12.34', '0')).toBe(plannedGramsMg(job))
  })
})

describe('checkOutput', () => {
  test('blank grams mean the planned grams; typed grams are parsed to mg', () => {
    expect(checkOutput(job, 3, 1, '')).toEqual({ mg: 37_100 })
    expect(checkOutput(job, 3, 1, '  ')).toEqual({ mg: 37_100 })
    expect(checkOutput(job, 2, 0, '40.5')).toEqual({ mg: 40_500 })
    expect(checkOutput(job, 0, 0, '0')).toEqual({ mg: 0 })
  })

  test('good + scrap above one plate, negative or fractional units are refused', () => {
    const refused = { code: 'output_above_plate', max: 4 }
    expect(checkOutput(job, 3, 2, '')).toEqual(refused)
    expect(checkOutput(job, -1, 0, '')).toEqual(refused)
    expect(checkOutput(job, 1.5, 0, '')).toEqual(refused)
    expect(checkOutput(job, 0, Number.NaN, '')).toEqual(refused)
  })

  test('grams with two decimals, negative or not a number are refused', () => {
    expect(checkOutput(job, 1, 0, '12.34')).toEqual({ code: 'invalid_grams' })
    expect(checkOutput(job, 1, 0, '-1')).toEqual({ code: 'invalid_grams' })
    expect(checkOutput(job, 1, 0, 'abc')).toEqual({ code: 'invalid_grams' })
  })
})

test('a print finishes at now to the second, and never within a second of its start', () => {
  const start = new Date('2026-03-02T09:00:00.000Z')
  expect(finishedAt(new Date('2026-03-02T11:30:15.789Z'), start).toISOString()).toBe('2026-03-02T11:30:15.000Z')
  expect(finishedAt(new Date('2026-03-02T09:00:00.400Z'), start).toISOString()).toBe('2026-03-02T09:00:01.000Z')
  expect(finishedAt(new Date('2026-03-02T08:00:00.000Z'), start).toISOString()).toBe('2026-03-02T09:00:01.000Z')
})

test('over-production is what the output adds beyond the target, not stock already above it', () => {
  expect(overproducedUnits({ targetQuantity: 10, stockOnHand: 0, producedGood: 12 })).toBe(2)
  expect(overproducedUnits({ targetQuantity: 10, stockOnHand: 4, producedGood: 6 })).toBe(0)
  expect(overproducedUnits({ targetQuantity: 10, stockOnHand: 0, producedGood: 7 })).toBe(0)
  // 15 on the shelf for a target of 10: 5 were never over-production; the 3 printed are.
  expect(overproducedUnits({ targetQuantity: 10, stockOnHand: 15, producedGood: 3 })).toBe(3)
})
