import { describe, expect, it } from 'vitest'
import { agreementMatrix, channelLabel, decimateSeries, mergeBands, minMaxEnvelope, wallClockMs } from './views'

describe('channelLabel', () => {
  it('maps the four layout-a channels to their condition and a plain channel to none', () => {
    expect(['normal', 'type1', 'type2', 'type3', 'value'].map(channelLabel)).toEqual([0, 1, 2, 3, null])
  })
})

describe('wallClockMs', () => {
  it('places a time of the recording axis after the recording start', () => {
    expect(wallClockMs(Date.UTC(2025, 0, 1), 0.5, 2.0)).toBe(Date.UTC(2025, 0, 1) + 1500)
  })
})

describe('mergeBands', () => {
  it('merges touching windows of one row and state, splits on a state change and on a long gap', () => {
    const w = (row: string, start: number, state: number) => ({ row, startMs: start, endMs: start + 1000, state })
    const bands = mergeBands([w('1/normal', 2000, 0), w('1/normal', 0, 0), w('1/normal', 1000, 0), w('1/normal', 3000, 1), w('1/normal', 60_000, 1), w('1/type1', 0, 1), w('1/value', 0, 4), w('1/value', 1000, 4)])
    expect(bands).toEqual([
      { row: '1/normal', startMs: 0, endMs: 3000, state: 0, windows: 3 },
      { row: '1/normal', startMs: 3000, endMs: 4000, state: 1, windows: 1 },
      { row: '1/normal', startMs: 60_000, endMs: 61_000, state: 1, windows: 1 },
      { row: '1/type1', startMs: 0, endMs: 1000, state: 1, windows: 1 },
      // A state that is no fault type (the page's "not judged") merges like any other.
      { row: '1/value', startMs: 0, endMs: 2000, state: 4, windows: 2 },
    ])
  })

  it('gives no bands for no windows', () => {
    expect(mergeBands([])).toEqual([])
  })
})

describe('minMaxEnvelope', () => {
  it('keeps each bucket’s extremes (a single spike survives) and its start time', () => {
    const samples = Float64Array.from({ length: 100 }, (_, i) => (i === 37 ? 9 : Math.sin(i)))
    const env = minMaxEnvelope(samples, 0, 100, 10, 2, 100)
    expect(env).toHaveLength(10)
    expect(env[3]).toMatchObject({ t: 2.3, max: 9 })
    expect(Math.max(...env.map((p) => p.max))).toBe(9)
    expect(env.every((p) => p.min <= p.max)).toBe(true)
  })

  it('reads only the window asked for and never past the end', () => {
    const samples = Float64Array.from({ length: 10 }, (_, i) => i)
    expect(minMaxEnvelope(samples, 6, 8, 2, 0, 1)).toEqual([
      { t: 0, min: 6, max: 7 },
      { t: 2, min: 8, max: 9 },
    ])
    expect(minMaxEnvelope(samples, 10, 4, 2, 0, 1)).toEqual([])
  })
})

describe('agreementMatrix', () => {
  it('counts diagnosis against label, with accuracy and per-label recall; unlabelled pairs are left out', () => {
    const m = agreementMatrix([
      { label: 0, diagnosis: 0 },
      { label: 1, diagnosis: 1, count: 3 },
      { label: 1, diagnosis: 3 },
      { label: 2, diagnosis: 2 },
      { label: null, diagnosis: 1 },
      { label: 3, diagnosis: null },
    ])
    expect(m.counts).toEqual([
      [1, 0, 0, 0],
      [0, 3, 0, 1],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
    ])
    expect(m).toMatchObject({ total: 6, agreeing: 5 })
    expect(m.accuracy).toBeCloseTo(5 / 6)
    expect(m.recall).toEqual([1, 0.75, 1, null])
  })

  it('has no accuracy without pairs', () => {
    expect(agreementMatrix([]).accuracy).toBeNull()
  })
})

describe('decimateSeries', () => {
  it('returns short series unchanged (without nulls) and averages long ones into at most max buckets', () => {
    expect(decimateSeries([{ x: 0, y: 1 }, { x: 1, y: null }], 10)).toEqual([{ x: 0, y: 1 }])
    const long = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i % 2 }))
    const out = decimateSeries(long, 100)
    expect(out).toHaveLength(100)
    expect(out[0]).toEqual({ x: 0, y: 0.5 })
    expect(out[99].x).toBe(990)
  })
})
