import { describe, expect, it } from 'vitest'
import { compareBatches, compareFifo, compareIds, materialColourKey, receivedAtMs, sortFifo, type FifoOrderable } from './keys'

describe('materialColourKey', () => {
  it('pools labels that differ only in case, width or spacing', () => {
    expect(materialColourKey(' PLA ', 'Matte  Black')).toBe(materialColourKey('pla', 'matte black'))
    expect(materialColourKey('ＰＬＡ', '검정')).toBe(materialColourKey('PLA', '검정'))
  })

  it('keeps different materials and colours apart', () => {
    expect(materialColourKey('PLA', 'Black')).not.toBe(materialColourKey('PETG', 'Black'))
    expect(materialColourKey('PLA', 'Black')).not.toBe(materialColourKey('PLA', 'White'))
    // the separator prevents "PL"+"ABlack" colliding with "PLA"+"Black"
    expect(materialColourKey('PL', 'ABlack')).not.toBe(materialColourKey('PLA', 'Black'))
  })
})

describe('compareIds', () => {
  it('orders numbers numerically and strings by code unit', () => {
    expect([10, 9, 100].sort(compareIds)).toEqual([9, 10, 100])
    expect(['b', 'a', 'B'].sort(compareIds)).toEqual(['B', 'a', 'b'])
    expect(['x', 2, 1].sort(compareIds)).toEqual([1, 2, 'x'])
  })
})

describe('compareBatches', () => {
  it('uses natural order and puts missing labels last', () => {
    expect(['A10', 'A2', null, 'A1', ''].sort(compareBatches)).toEqual(['A1', 'A2', 'A10', null, ''])
  })
})

describe('receivedAtMs', () => {
  it('reads instants and calendar dates, and sorts unknown dates last', () => {
    expect(receivedAtMs(new Date('2026-01-02T03:00:00Z'))).toBe(Date.UTC(2026, 0, 2, 3))
    expect(receivedAtMs('2026-01-02')).toBe(Date.UTC(2026, 0, 2))
    expect(receivedAtMs(null)).toBe(Number.POSITIVE_INFINITY)
  })

  it('throws on an unreadable date', () => {
    expect(() => receivedAtMs('yesterday')).toThrow(RangeError)
    expect(() => receivedAtMs(new Date(Number.NaN))).toThrow(RangeError)
  })
})

describe('FIFO order', () => {
  const spool = (id: string, receivedAt: string | null, batch: string | null = null): FifoOrderable => ({ id, receivedAt, batch })

  it('takes the oldest received first, then batch, then id', () => {
    const sorted = sortFifo([
      spool('s5', null, 'A1'),
      spool('s4', '2026-02-01', 'A1'),
      spool('s3', '2026-01-01', 'A10'),
      spool('s2', '2026-01-01', 'A2'),
      spool('s1b', '2026-01-01', 'A2'),
      spool('s0', '2026-01-15'),
    ])
    expect(sorted.map((s) => s.id)).toEqual(['s1b', 's2', 's3', 's0', 's4', 's5'])
  })

  it('compareFifo agrees with sortFifo', () => {
    const a = spool('a', '2026-01-02')
    const b = spool('b', '2026-01-01')
    expect(compareFifo(a, b)).toBeGreaterThan(0)
    expect(compareFifo(b, a)).toBeLessThan(0)
    expect(compareFifo(a, a)).toBe(0)
  })
})
