import { describe, expect, it } from 'vitest'
import { parseStrictNumber, trimCell } from './numbers'

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
