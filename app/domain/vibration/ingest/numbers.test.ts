import fc from 'fast-check'
import { describe, expect, it, test } from 'vitest'
import { isBlankCell, parseStrictNumber, strictNumberOrNaN, trimCell } from './numbers'

describe('parseStrictNumber', () => {
  it.each([
    ['1.5', 1.5],
    ['-2e-3', -0.002],
    [' 3 ', 3],
    ['\t7\t', 7],
    ['.5', 0.5],
    ['5.', 5],
    ['+1E6', 1_000_000],
    ['0', 0],
    ['-0', 0],
    ['\uFEFF0.25', 0.25],
    ['1234.5678', 1234.5678],
  ])('accepts %j', (text, value) => {
    expect(parseStrictNumber(text)).toEqual({ ok: true, value })
  })

  it.each(['', '   ', 'abc', '1,5', '0x10', '1_000', '1.2.3', '--1', '1e', 'e5', '.', '1 2', '١٢'])(
    'rejects %j as not a number',
    (text) => {
      expect(parseStrictNumber(text)).toEqual({ ok: false, code: 'not_a_number' })
    },
  )

  it.each(['NaN', 'nan', 'Infinity', '-Infinity', '+inf', 'INF', '1e400', '-1e999'])('rejects %j as not finite', (text) => {
    expect(parseStrictNumber(text)).toEqual({ ok: false, code: 'not_finite' })
  })

  it('never returns negative zero', () => {
    const r = parseStrictNumber('-0.0')
    expect(r.ok && Object.is(r.value, 0)).toBe(true)
  })
})

describe('trimCell', () => {
  it('removes whitespace and a byte-order mark', () => {
    expect(trimCell('\uFEFF  Time \r')).toBe('Time')
  })
})

describe('the import loop fast path', () => {
  const agrees = (s: string) => {
    const slow = parseStrictNumber(s)
    const fast = strictNumberOrNaN(s)
    return slow.ok ? Object.is(fast, slow.value) : Number.isNaN(fast)
  }
  test('strictNumberOrNaN agrees with parseStrictNumber on every string', () => {
    for (const s of ['1.5', ' 3 ', '\uFEFF2', '-0', '+1E6', '1e400', 'NaN', ' inf', '', ' ', '0x10', '.5', '5.', '１']) expect(agrees(s), s).toBe(true)
    fc.assert(fc.property(fc.oneof(fc.string(), fc.double().map(String), fc.double().map((d) => ` ${d}\t`)), agrees), { numRuns: 2000 })
  })
  test('isBlankCell agrees with trimming', () => {
    for (const s of ['', ' ', '\t\r', '\uFEFF', '\u00a0', 'a', ' a', '\uFEFFx']) expect(isBlankCell(s), JSON.stringify(s)).toBe(trimCell(s) === '')
    fc.assert(fc.property(fc.string(), (s) => isBlankCell(s) === (trimCell(s) === '')), { numRuns: 2000 })
  })
})

describe('strictNumberOrNaN fast path', () => {
  const decimal = fc
    .tuple(
      fc.constantFrom('', '-', '+'),
      fc.stringMatching(/^[0-9]{0,12}$/),
      fc.boolean(),
      fc.stringMatching(/^[0-9]{0,12}$/),
      fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 400 }).map(String), fc.stringMatching(/^0{0,3}$/))),
    )
    .map(([sign, int, dot, frac, exp]) => `${sign}${int}${dot ? '.' : ''}${frac}${exp ? exp[0] + exp[1] + exp[3] + exp[2] : ''}`)
  test('gives exactly what Number gives for every decimal numeral (NaN where the grammar or finiteness says no)', () => {
    for (const s of ['0.000001', '1.234567', '-140.000000', '123456789012345', '1234567890123456', '9007199254740993', '0.1e-22', '1e22', '1e23', '5e-324', '000000000000000001.5', '-0.0e5'])
      expect(Object.is(strictNumberOrNaN(s), parseStrictNumber(s).ok ? (parseStrictNumber(s) as { value: number }).value : NaN), s).toBe(true)
    fc.assert(
      fc.property(decimal, (s) => {
        const expected = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s) && Number.isFinite(Number(s)) ? Number(s) : NaN
        return Object.is(strictNumberOrNaN(s), expected === 0 ? 0 : expected)
      }),
      { numRuns: 5_000 },
    )
  })
  test('agrees on the benchmark-shaped cells (six decimals, signs) bit for bit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), (d) => {
        const s = d.toFixed(6)
        return Object.is(strictNumberOrNaN(s), Number(s) === 0 ? 0 : Number(s))
      }),
      { numRuns: 5_000 },
    )
  })
})
