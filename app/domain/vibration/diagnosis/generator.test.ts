import { describe, expect, it } from 'vitest'
import {
  createRng,
  generateRecording,
  generateWindow,
  recordingToCsv,
  type SignalClass,
  whiteNoise,
} from '../../../../tests/fixtures/vibration/generator'
import { analyzeWindow, orderIndex } from './features'
import { prepareSignal } from './signal'
import { timeStats } from './stats'

describe('synthetic vibration generator (tests/fixtures/vibration)', () => {
  it('is deterministic for a seed and varies with it', () => {
    expect(generateWindow('looseness', { seed: 5 }).values).toEqual(generateWindow('looseness', { seed: 5 }).values)
    expect(generateWindow('looseness', { seed: 5 }).values).not.toEqual(generateWindow('looseness', { seed: 6 }).values)
    const rng = createRng(1)
    const draws = Array.from({ length: 1000 }, rng)
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(1)
  })

  it('draws shaft speeds in 15–60 Hz unless one is given', () => {
    for (let seed = 0; seed < 50; seed++) {
      const hz = generateWindow('normal', { seed }).shaftHz
      expect(hz).toBeGreaterThanOrEqual(15)
      expect(hz).toBeLessThanOrEqual(60)
    }
    expect(generateWindow('normal', { shaftHz: 42 }).shaftHz).toBe(42)
  })

  it('adds white noise of the requested standard deviation', () => {
    const s = timeStats(whiteNoise(20000, 0.7, 3), 0, 20000)
    expect(s.rms).toBeGreaterThan(0.68)
    expect(s.rms).toBeLessThan(0.72)
  })

  it('gives each class its documented spectral signature', () => {
    const at = (cls: SignalClass) => {
      const w = generateWindow(cls, { seed: 9, machineSeed: 4, shaftHz: 30, noise: 0.1 })
      const f = analyzeWindow(w.values, { sampleRate: w.sampleRate, unit: 'unknown', nominalHz: 30 })
      return { oneX: f.orders[orderIndex(1)] ?? 0, threeX: f.orders[orderIndex(3)] ?? 0, half: f.orders[orderIndex(1.5)] ?? 0, kurtosis: f.kurtosis }
    }
    const normal = at('normal')
    const unbalance = at('unbalance')
    const looseness = at('looseness')
    const both = at('both')
    expect(normal.oneX).toBeGreaterThan(0.1)
    expect(normal.oneX).toBeLessThan(0.26)
    expect(unbalance.oneX).toBeGreaterThan(4 * normal.oneX)
    expect(unbalance.threeX).toBeLessThan(0.03)
    expect(looseness.threeX).toBeGreaterThan(0.1)
    expect(looseness.half).toBeGreaterThan(0.05)
    expect(looseness.kurtosis).toBeGreaterThan(normal.kurtosis)
    expect(both.oneX).toBeGreaterThan(4 * normal.oneX)
    expect(both.threeX).toBeGreaterThan(0.1)
  })

  it('lays a recording out as the dataset does: time plus four channels of one machine', () => {
    const rec = generateRecording({ seconds: 2, seed: 3, shaftHz: 25 })
    expect(rec.time).toHaveLength(2720)
    for (const ch of [rec.normal, rec.type1, rec.type2, rec.type3]) expect(ch).toHaveLength(2720)
    expect(rec.time[1]).toBeCloseTo(1 / 1360, 12)
    expect(rec.shaftHz).toBe(25)
    expect(rec.normal).not.toEqual(rec.type1)
  })

  it('writes five numeric columns without a header by default', () => {
    const rec = generateRecording({ seconds: 0.01, seed: 3 })
    const lines = recordingToCsv(rec).trimEnd().split('\n')
    expect(lines).toHaveLength(13)
    for (const line of lines) {
      const cells = line.split(',')
      expect(cells).toHaveLength(5)
      for (const cell of cells) expect(Number.isFinite(Number(cell))).toBe(true)
    }
    expect(lines[1].split(',')[0]).toBe('0.000735')
    expect(recordingToCsv(rec, { header: true }).split('\n')[0]).toBe('time,normal,type1,type2,type3')
  })

  it('round-trips through CSV into an evenly sampled signal (microsecond time rounding is not unevenness)', () => {
    const rec = generateRecording({ seconds: 3, seed: 8 })
    const rows = recordingToCsv(rec).trimEnd().split('\n').map((l) => l.split(',').map(Number))
    const prepared = prepareSignal(
      rows.map((r) => r[0]),
      rows.map((r) => r[2]),
    )
    expect(prepared.ok && prepared.signal.resampled).toBe(false)
    expect(prepared.ok && prepared.signal.sampleRate).toBeCloseTo(1360, 1)
  })
})
