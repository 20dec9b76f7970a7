import { describe, expect, it } from 'vitest'
import {
  createRng,
  generateRecording,
  generateSensorHistory,
  oneChannelCsv,
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

  it('one-channel mode: a machine\'s sensor over time, phases in order, with its own blind speed and gain', () => {
    const phases = [
      { cls: 'normal' as const, recordings: 2 },
      { cls: 'unbalance' as const, recordings: 1 },
    ]
    const a = generateSensorHistory({ machineSeed: 3, phases, seconds: 2 })
    expect(a.recordings.map((r) => r.cls)).toEqual(['normal', 'normal', 'unbalance'])
    expect(a.recordings.map((r) => r.offsetSeconds)).toEqual([0, 3600, 7200])
    expect(a.recordings[0].values).toHaveLength(2720)
    expect(generateSensorHistory({ machineSeed: 3, phases, seconds: 2 }).recordings[2].values).toEqual(a.recordings[2].values)
    // Per machine: speed in 15–60 Hz and gain in 0.2–5, different between machines.
    const machines = Array.from({ length: 20 }, (_, m) => generateSensorHistory({ machineSeed: 100 + m, phases: [{ cls: 'normal', recordings: 1 }], seconds: 0.1 }))
    for (const h of machines) {
      expect(h.shaftHz).toBeGreaterThanOrEqual(15)
      expect(h.shaftHz).toBeLessThanOrEqual(60)
      expect(h.gain).toBeGreaterThanOrEqual(0.2)
      expect(h.gain).toBeLessThanOrEqual(5)
    }
    expect(new Set(machines.map((h) => h.gain.toFixed(6))).size).toBe(20)
    // The gain scales every value: the same machine at another gain is the same waveform, scaled.
    const g2 = generateSensorHistory({ machineSeed: 3, phases, seconds: 2, gain: 2 * a.gain })
    expect(g2.recordings[1].values[100]).toBeCloseTo(2 * a.recordings[1].values[100], 9)
    expect(oneChannelCsv({ time: Float64Array.of(0, 0.5), values: Float64Array.of(1, -2) })).toBe('measured_time,value\n0.000000,1.000000\n0.500000,-2.000000\n')
  })
})
