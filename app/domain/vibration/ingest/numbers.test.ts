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
