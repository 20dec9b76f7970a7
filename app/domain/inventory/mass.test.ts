import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  gramsNumericToMg,
  MAX_MASS_MG,
  mgToDbNumeric,
  mgToGramsString,
  parseGrams,
  percentToBasisPoints,
  plannedUseMg,
  plannedUseMgFromBasisPoints,
} from './mass'

describe('parseGrams', () => {
  it.each([
    ['12', 12_000],
    ['12.5', 12_500],
    [' 12.5 ', 12_500],
    ['\t0.1\n', 100],
    ['12,5', 12_500],
    ['0', 0],
    ['-0', 0],
    ['007.5', 7_500],
    ['.5', 500],
    ['12.', 12_000],
    ['12.50', 12_500],
    ['１２．５', 12_500],
    ['10000000', MAX_MASS_MG],
  ])('accepts %j as %i mg', (text, mg) => {
    expect(parseGrams(text)).toEqual({ ok: true, mg })
  })

  it.each(['', '   ', '.', '-', '1e3', '1E3', 'NaN', 'Infinity', '-Infinity', '0x10', '+12', '1 234', '1,234.5', '12.5.1', 'abc', '12g'])(
    'rejects %j as not_a_number',
    (text) => {
      expect(parseGrams(text)).toEqual({ ok: false, code: 'not_a_number' })
    },
  )

  it('rejects a negative mass', () => {
    expect(parseGrams('-1')).toEqual({ ok: false, code: 'negative' })
    expect(parseGrams('-0.1')).toEqual({ ok: false, code: 'negative' })
  })

  it('rejects more significant decimals than allowed', () => {
    expect(parseGrams('12.55')).toEqual({ ok: false, code: 'too_many_decimals' })
    expect(parseGrams('12,55')).toEqual({ ok: false, code: 'too_many_decimals' })
    expect(parseGrams('12.5', 0)).toEqual({ ok: false, code: 'too_many_decimals' })
    expect(parseGrams('12.0', 0)).toEqual({ ok: true, mg: 12_000 })
  })

  it('honours a larger maxDecimals up to milligrams', () => {
    expect(parseGrams('12.55', 2)).toEqual({ ok: true, mg: 12_550 })
    expect(parseGrams('0.001', 3)).toEqual({ ok: true, mg: 1 })
    expect(parseGrams('0.0015', 3)).toEqual({ ok: false, code: 'too_many_decimals' })
  })

  it('rejects a maxDecimals finer than a milligram', () => {
    expect(() => parseGrams('1', 4)).toThrow(RangeError)
    expect(() => parseGrams('1', 1.5)).toThrow(RangeError)
  })

  it('rejects masses above the 10-tonne ceiling', () => {
    expect(parseGrams('10000000.1')).toEqual({ ok: false, code: 'too_large' })
    expect(parseGrams('99999999999999999999')).toEqual({ ok: false, code: 'too_large' })
  })

  it('round-trips every 0.1 g value through mgToGramsString', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MASS_MG / 100 }), (tenths) => {
        const mg = tenths * 100
        expect(parseGrams(mgToGramsString(mg, 1))).toEqual({ ok: true, mg })
      }),
    )
  })
})

describe('mgToGramsString', () => {
  it('formats with the requested decimals', () => {
    expect(mgToGramsString(1_234_500)).toBe('1234.5')
    expect(mgToGramsString(0)).toBe('0.0')
    expect(mgToGramsString(100)).toBe('0.1')
    expect(mgToGramsString(12_345, 3)).toBe('12.345')
    expect(mgToGramsString(12_345, 2)).toBe('12.35')
    expect(mgToGramsString(12_000, 0)).toBe('12')
  })

  it('rounds half away from zero, exactly', () => {
    expect(mgToGramsString(12_350)).toBe('12.4')
    expect(mgToGramsString(12_349)).toBe('12.3')
    expect(mgToGramsString(12_950)).toBe('13.0')
    expect(mgToGramsString(500, 0)).toBe('1')
    expect(mgToGramsString(-12_350)).toBe('-12.4')
    expect(mgToGramsString(-12_349)).toBe('-12.3')
  })

  it('never prints a negative zero', () => {
    expect(mgToGramsString(-49)).toBe('0.0')
    expect(mgToGramsString(-50)).toBe('-0.1')
  })

  it('formats large safe integers without float artefacts', () => {
    expect(mgToGramsString(9_007_199_254_740_991, 3)).toBe('9007199254740.991')
    expect(mgToGramsString(9_007_199_254_740_951)).toBe('9007199254741.0')
  })

  it('rejects non-integers and unsupported decimals', () => {
    expect(() => mgToGramsString(1.5)).toThrow(RangeError)
    expect(() => mgToGramsString(Number.NaN)).toThrow(RangeError)
    expect(() => mgToGramsString(1, 4)).toThrow(RangeError)
  })
})

describe('gramsNumericToMg', () => {
  it.each([
    ['1234.5', 1_234_500],
    ['1234.50', 1_234_500],
    ['0', 0],
    ['0.0', 0],
    ['-0.0', 0],
    ['0.123', 123],
    ['0.1230', 123],
    ['-3.2', -3_200],
    ['1000', 1_000_000],
  ])('reads %j as %i mg', (text, mg) => {
    expect(gramsNumericToMg(text)).toBe(mg)
  })

  it.each(['', 'abc', '1,5', '1e3', '.5', '0.0001', 'NaN'])('throws on %j', (text) => {
    expect(() => gramsNumericToMg(text)).toThrow(RangeError)
  })
})

describe('mgToDbNumeric', () => {
  it('writes one decimal', () => {
    expect(mgToDbNumeric(1_234_500)).toBe('1234.5')
    expect(mgToDbNumeric(0)).toBe('0.0')
    expect(gramsNumericToMg(mgToDbNumeric(99_900))).toBe(99_900)
  })

  it('refuses to round away a finer mass', () => {
    expect(() => mgToDbNumeric(1_234_550)).toThrow(RangeError)
  })
})

describe('percentToBasisPoints', () => {
  it('converts percentages with up to two decimals exactly', () => {
    expect(percentToBasisPoints(0)).toBe(0)
    expect(percentToBasisPoints(7.5)).toBe(750)
    expect(percentToBasisPoints(7.25)).toBe(725)
    expect(percentToBasisPoints(0.01)).toBe(1)
    expect(percentToBasisPoints(33.33)).toBe(3333)
  })

  it('rejects a third decimal, negatives and non-finite values', () => {
    expect(() => percentToBasisPoints(7.125)).toThrow(RangeError)
    expect(() => percentToBasisPoints(-1)).toThrow(RangeError)
    expect(() => percentToBasisPoints(Number.NaN)).toThrow(RangeError)
  })
})

describe('plannedUseMg', () => {
  it('multiplies units by mass per unit with no waste', () => {
    expect(plannedUseMg(3, 33_300, 0)).toBe(99_900)
    expect(plannedUseMg(0, 33_300, 10)).toBe(0)
  })

  it('adds the waste allowance', () => {
    expect(plannedUseMg(10, 10_000, 10)).toBe(110_000)
    expect(plannedUseMg(4, 25_000, 7.5)).toBe(107_500)
  })

  it('rounds up to the next 0.1 g so a plan never under-reserves', () => {
    // 1 × 10.01 g = 10.01 g → 10.1 g
    expect(plannedUseMg(1, 10_010, 0)).toBe(10_100)
    // 3 × 33.3 g × 1.0725 = 107.14275 g → 107.2 g
    expect(plannedUseMg(3, 33_300, 7.25)).toBe(107_200)
    // exact tenths are not bumped
    expect(plannedUseMg(7, 100, 0)).toBe(700)
  })

  it('stays exact beyond the float-safe product range', () => {
    // 9,000,000 units × 1 kg × 1.0001: the intermediate product exceeds 2^53 but the answer is exact.
    expect(plannedUseMgFromBasisPoints(9_000_000, 1_000_000, 1)).toBe(9_000_900_000_000)
  })

  it('rejects invalid inputs', () => {
    expect(() => plannedUseMg(1.5, 100, 0)).toThrow(RangeError)
    expect(() => plannedUseMg(-1, 100, 0)).toThrow(RangeError)
    expect(() => plannedUseMg(1, 0.5, 0)).toThrow(RangeError)
    expect(() => plannedUseMg(1, 100, 1.234)).toThrow(RangeError)
  })

  it('is the smallest multiple of 100 mg not below the exact demand', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (units, perUnit, bp) => {
          const mg = plannedUseMgFromBasisPoints(units, perUnit, bp)
          const exactTimes10k = BigInt(units) * BigInt(perUnit) * BigInt(10_000 + bp) // demand in mg × 10,000
          expect(mg % 100).toBe(0)
          expect(BigInt(mg) * 10_000n >= exactTimes10k).toBe(true)
          expect(BigInt(mg - 100) * 10_000n < exactTimes10k || mg === 0).toBe(true)
        },
      ),
    )
  })
})
