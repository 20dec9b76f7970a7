import { describe, expect, it } from 'vitest'
import { generateRecording, type GeneratedRecording } from '../../../../tests/fixtures/vibration/generator'
import { baselineFromChannel, diagnoseChannel } from './channel'
import { baselineFromFeatures, classifyWindow, majorityVote, RULES, type HealthyBaseline } from './classify'
import { orderIndex, ORDERS, type WindowFeatures } from './features'
import { type ShaftSpeed } from './speed'

const FLOOR = 0.01

/** Window features built by hand: order amplitudes given as multiples of the floor (others sit at 1.5 × floor). */
function features(
  opts: { orders?: Record<number, number>; crest?: number; kurtosis?: number; otherPeak?: number; speed?: Partial<ShaftSpeed> } = {},
): WindowFeatures {
  const ratios = opts.orders ?? {}
  const orders = ORDERS.map((o) => (ratios[o] ?? 1.5) * FLOOR)
  const nonOneX = ORDERS.filter((o) => o !== 1).map((o) => (ratios[o] ?? 1.5) * FLOOR)
  return {
    rms: 1,
    peak: 3,
    crest: opts.crest ?? 3,
    kurtosis: opts.kurtosis ?? 2.8,
    noiseFloor: FLOOR,
    speed: { hz: 30, source: 'nominal_refined', estimated: false, ...opts.speed },
    orders,
    otherPeak: opts.otherPeak !== undefined ? opts.otherPeak * FLOOR : Math.max(2 * FLOOR, ...nonOneX),
    velocityRms: null,
  }
}

/** A baseline whose order amplitudes are given as multiples of the floor (others 1.5). */
function baseline(orders: Record<number, number> = { 1: 15 }, overrides: Partial<HealthyBaseline> = {}): HealthyBaseline {
  return {
    orders: ORDERS.map((o) => (orders[o] ?? 1.5) * FLOOR),
    noiseFloor: FLOOR,
    kurtosis: 2.8,
    crest: 3.2,
    rms: 1,
    shaftHz: 30,
    windowCount: 10,
    ...overrides,
  }
}

const SERIES = { 2: 12, 3: 10, 4: 9, 5: 7, 6: 6 }
const HALF_ORDERS = { 0.5: 6, 1.5: 5, 2.5: 5 }

describe('classifyWindow without a baseline (floor-relative rules)', () => {
  it('calls a dominant 1X far above the floor with a weak 2X unbalance, and explains it', () => {
    const result = classifyWindow(features({ orders: { 1: 100, 2: 5 }, otherPeak: 8 }))
    expect(result.faultType).toBe(1)
    expect(result.reason).toMatchObject({
      code: 'unbalance',
      harmonicCount: 1,
      halfOrderCount: 0,
      baselineRatio1X: null,
      hasBaseline: false,
      speedEstimated: false,
      speedMissing: false,
      impulsive: false,
    })
    expect(result.reason.oneX_overFloor).toBeCloseTo(100, 9)
    expect(result.reason.twoX_over_oneX).toBeCloseTo(0.05, 9)
    expect(result.reason.oneX_dominance).toBeCloseTo(12.5, 9)
  })

  it('does not call unbalance when 1X is not far enough above the floor', () => {
    expect(classifyWindow(features({ orders: { 1: RULES.unbalanceOverFloor * 0.8 }, otherPeak: 2 })).faultType).toBe(0)
  })

  it('does not call unbalance when another line is as strong as 1X', () => {
    expect(classifyWindow(features({ orders: { 1: 100 }, otherPeak: 60 })).faultType).toBe(0)
  })

  it('calls a harmonic series with half-orders looseness', () => {
    const result = classifyWindow(features({ orders: { 1: 20, ...SERIES, ...HALF_ORDERS } }))
    expect(result.faultType).toBe(2)
    expect(result.reason).toMatchObject({ code: 'looseness', harmonicCount: 5, halfOrderCount: 3 })
  })

  it('counts impacts (raised kurtosis) towards looseness', () => {
    const two = { 1: 20, 2: 10, 3: 8 }
    expect(classifyWindow(features({ orders: two })).faultType).toBe(0)
    const result = classifyWindow(features({ orders: two, kurtosis: 4.5 }))
    expect(result.faultType).toBe(2)
    expect(result.reason.impulsive).toBe(true)
    expect(classifyWindow(features({ orders: two, crest: 6 })).reason.impulsive).toBe(true)
  })

  it('does not take a lone 2X for a harmonic series', () => {
    const result = classifyWindow(features({ orders: { 1: 20, 2: 15 } }))
    expect(result.faultType).toBe(0)
    expect(result.reason.harmonicCount).toBe(1)
  })

  it('calls a dominant 1X on top of a harmonic series both', () => {
    const result = classifyWindow(features({ orders: { 1: 150, ...SERIES, ...HALF_ORDERS } }))
    expect(result.faultType).toBe(3)
    expect(result.reason.code).toBe('both')
  })

  it('calls a quiet spectrum normal', () => {
    const result = classifyWindow(features({ orders: { 1: 12, 2: 3 }, otherPeak: 10 }))
    expect(result.faultType).toBe(0)
    expect(result.reason.code).toBe('normal')
    expect(result.confidence).toBeGreaterThan(0.6)
  })

  it('calls a window without any shaft-speed line normal with low confidence', () => {
    const f = { ...features(), speed: { hz: null, source: 'none' as const, estimated: true }, orders: ORDERS.map(() => null) }
    const result = classifyWindow(f)
    expect(result).toMatchObject({ faultType: 0, confidence: RULES.noSpeedConfidence })
    expect(result.reason).toMatchObject({ speedMissing: true, oneX_overFloor: null, twoX_over_oneX: null })
  })
})

describe('classifyWindow against a healthy baseline', () => {
  it('calls unbalance when 1X has risen well above the baseline, even if not dominant', () => {
    const result = classifyWindow(features({ orders: { 1: 45 }, otherPeak: 40 }), baseline({ 1: 15 }))
    expect(result.faultType).toBe(1)
    expect(result.reason.baselineRatio1X).toBeCloseTo(3, 9)
    expect(result.reason.hasBaseline).toBe(true)
  })

  it('does not call unbalance for a machine whose healthy 1X is already that strong', () => {
    expect(classifyWindow(features({ orders: { 1: 100 }, otherPeak: 5 }), baseline({ 1: 60 })).faultType).toBe(0)
  })

  it('ignores harmonics the healthy machine already had', () => {
    const healthy = baseline({ 1: 15, ...SERIES })
    const result = classifyWindow(features({ orders: { 1: 15, ...SERIES } }), healthy)
    expect(result.faultType).toBe(0)
    expect(result.reason.harmonicCount).toBe(0)
  })

  it('judges impulsiveness against the baseline kurtosis', () => {
    const f = features({ orders: { 1: 15, 2: 10, 3: 8 }, kurtosis: 4 })
    expect(classifyWindow(f, baseline({ 1: 15 }, { kurtosis: 3 })).reason.impulsive).toBe(true)
    expect(classifyWindow(f, baseline({ 1: 15 }, { kurtosis: 3.8 })).reason.impulsive).toBe(false)
  })
})

describe('confidence', () => {
  it('is higher with a baseline, lower with an estimated speed, and lower near a threshold', () => {
    const clear = features({ orders: { 1: 200, 2: 4 }, otherPeak: 5 })
    const withBaseline = classifyWindow(clear, baseline({ 1: 15 })).confidence
    const without = classifyWindow(clear).confidence
    const estimated = classifyWindow({ ...clear, speed: { ...clear.speed, estimated: true, source: 'estimated' } }).confidence
    const marginal = classifyWindow(features({ orders: { 1: RULES.unbalanceOverFloor * 1.1 }, otherPeak: 3 })).confidence
    expect(withBaseline).toBeGreaterThan(without)
    expect(estimated).toBeLessThan(without)
    expect(marginal).toBeLessThan(without)
    for (const c of [withBaseline, without, estimated, marginal]) {
      expect(c).toBeGreaterThan(0)
      expect(c).toBeLessThanOrEqual(1)
    }
  })
})

describe('majorityVote', () => {
  const w = (faultType: 0 | 1 | 2 | 3, confidence: number) => ({ faultType, confidence })

  it('takes the most frequent class and the mean confidence of its windows', () => {
    expect(majorityVote([w(1, 0.8), w(1, 0.6), w(0, 0.9), w(2, 0.5)])).toEqual({ faultType: 1, confidence: 0.7, votes: [1, 2, 1, 0] })
  })

  it('breaks a tie by summed confidence, then in favour of the fault', () => {
    expect(majorityVote([w(0, 0.9), w(2, 0.5)]).faultType).toBe(0)
    expect(majorityVote([w(0, 0.5), w(2, 0.5)]).faultType).toBe(2)
  })

  it('returns normal with zero confidence for no windows', () => {
    expect(majorityVote([])).toEqual({ faultType: 0, confidence: 0, votes: [0, 0, 0, 0] })
  })
})

describe('baselineFromFeatures', () => {
  it('takes the median of each feature over the healthy windows', () => {
    const b = baselineFromFeatures([features({ orders: { 1: 10 }, kurtosis: 2 }), features({ orders: { 1: 30 }, kurtosis: 4 }), features({ orders: { 1: 20 }, kurtosis: 3 })])
    expect(b?.orders[orderIndex(1)]).toBeCloseTo(20 * FLOOR, 12)
    expect(b?.kurtosis).toBe(3)
    expect(b?.windowCount).toBe(3)
    expect(b?.shaftHz).toBe(30)
  })

  it('is null without windows', () => {
    expect(baselineFromFeatures([])).toBeNull()
  })
})

describe('diagnoseChannel on a generated recording', () => {
  // 30 s at 1360 Hz = 40,800 rows = 19 windows of 2048 (+ a dropped tail of 1,888 samples).
  const rec: GeneratedRecording = generateRecording({ seconds: 30, seed: 21, shaftHz: 29.5 })
  const channels = [
    ['normal', 0],
    ['type1', 1],
    ['type2', 2],
    ['type3', 3],
  ] as const

  it.each(channels)('classifies channel %s as fault type %i with a nominal speed and a baseline', (channel, expected) => {
    const b = baselineFromChannel({ time: rec.time, values: rec.normal, unit: 'm/s2', nominalRpm: 29.5 * 60 })
    if (!b.ok) throw new Error(b.code)
    const result = diagnoseChannel({ time: rec.time, values: rec[channel], unit: 'm/s2', nominalRpm: 29.5 * 60, baseline: b.baseline })
    if (!result.ok) throw new Error(result.code)
    expect(result.summary.faultType).toBe(expected)
    expect(result.summary.votes[expected]).toBeGreaterThanOrEqual(18)
    expect(result.summary.hasBaseline).toBe(true)
    expect(result.summary.speedEstimated).toBe(false)
  })

  // Issue #19: this used to be "without nominal speed or baseline", and a lone channel's dominant 1X was called unbalance.
  // Without a baseline no fault is called from the shape alone any more (next test); the estimated speed is still covered
  // here, against a baseline that was itself built without a nominal speed.
  it.each(channels)('classifies channel %s as fault type %i without a nominal speed, against a baseline built the same way', (channel, expected) => {
    const b = baselineFromChannel({ time: rec.time, values: rec.normal, unit: 'unknown' })
    if (!b.ok) throw new Error(b.code)
    const result = diagnoseChannel({ time: rec.time, values: rec[channel], unit: 'unknown', baseline: b.baseline })
    if (!result.ok) throw new Error(result.code)
    expect(result.summary.faultType).toBe(expected)
    expect(result.summary.speedEstimated).toBe(true)
    expect(result.summary.shaftHz).toBeCloseTo(29.5, 0)
    expect(result.windows.every((w) => w.features.speedSource === 'estimated')).toBe(true)
  })

  it.each(channels)('calls no fault on channel %s without a baseline, unit or ISO class: every window "no baseline", saying what is missing', (channel) => {
    const result = diagnoseChannel({ time: rec.time, values: rec[channel], unit: 'unknown' })
    if (!result.ok) throw new Error(result.code)
    expect(result.summary).toMatchObject({ status: 'no_baseline', faultType: null, code: 'no_baseline', confidence: null, votes: [0, 0, 0, 0], hasBaseline: false })
    for (const w of result.windows) {
      expect(w).toMatchObject({ status: 'no_baseline', faultType: null, confidence: null })
      expect(w.reason).toMatchObject({ code: 'no_baseline', basis: 'none', missing: ['baseline', 'unit', 'iso_class'] })
    }
  })

  it('cuts the channel into consecutive windows with their time spans and drops the tail', () => {
    const result = diagnoseChannel({ time: rec.time, values: rec.type1, unit: 'm/s2' })
    if (!result.ok) throw new Error(result.code)
    expect(result.windows).toHaveLength(19)
    expect(result.summary.windowCount).toBe(19)
    expect(result.windows[0]).toMatchObject({ index: 0, startTime: 0 })
    expect(result.windows[1].startTime).toBeCloseTo(2048 / 1360, 6)
    expect(result.windows[18].endTime).toBeCloseTo((19 * 2048) / 1360, 6)
    expect(result.windows[3].features.orders).toHaveLength(16)
  })

  it('rates the channel on the ISO 20816-3 zones when unit, group and foundation are known', () => {
    const result = diagnoseChannel({ time: rec.time, values: rec.type3, unit: 'm/s2', isoGroup: 'group2', foundation: 'rigid' })
    if (!result.ok) throw new Error(result.code)
    expect(result.summary.velocityRms).toBeGreaterThan(0)
    const windowsRms = Math.sqrt(result.windows.reduce((s, w) => s + (w.features.velocityRms ?? 0) ** 2, 0) / result.windows.length)
    expect(result.summary.velocityRms).toBeCloseTo(windowsRms, 9)
    expect(['A', 'B', 'C', 'D']).toContain(result.summary.isoZone)
  })

  it('does not zone a channel of unknown unit or without group', () => {
    const unknown = diagnoseChannel({ time: rec.time, values: rec.type1, unit: 'unknown', isoGroup: 'group1', foundation: 'rigid' })
    const noGroup = diagnoseChannel({ time: rec.time, values: rec.type1, unit: 'g' })
    expect(unknown.ok && unknown.summary).toMatchObject({ velocityRms: null, isoZone: 'not_zoned' })
    expect(noGroup.ok && noGroup.summary.isoZone).toBe('not_zoned')
  })

  const healthy = () => {
    const b = baselineFromChannel({ time: rec.time, values: rec.normal, unit: 'm/s2', nominalRpm: 29.5 * 60 })
    if (!b.ok) throw new Error(b.code)
    return b.baseline
  }

  it('resamples a channel with missing rows and still diagnoses it', () => {
    const keep = Array.from(rec.time.keys()).filter((i) => i % 500 !== 250)
    const result = diagnoseChannel({
      time: keep.map((i) => rec.time[i]),
      values: keep.map((i) => rec.type1[i]),
      unit: 'm/s2',
      nominalRpm: 29.5 * 60,
      baseline: healthy(),
    })
    if (!result.ok) throw new Error(result.code)
    expect(result.summary.resampled).toBe(true)
    expect(result.summary.sampleRate).toBeCloseTo(1360, 3)
    expect(result.summary.faultType).toBe(1)
  })

  it('reports unusable input instead of throwing', () => {
    expect(diagnoseChannel({ time: rec.time.subarray(0, 2000), values: rec.type1.subarray(0, 2000), unit: 'g' })).toEqual({
      ok: false,
      code: 'shorter_than_window',
    })
    expect(diagnoseChannel({ time: rec.time, values: rec.type1.subarray(1), unit: 'g' })).toEqual({ ok: false, code: 'length_mismatch' })
    expect(baselineFromChannel({ time: [0, 0], values: [1, 2], unit: 'g' })).toEqual({ ok: false, code: 'time_not_increasing', row: 1 })
  })

  it('builds a baseline from the normal channel at the machine speed', () => {
    const b = baselineFromChannel({ time: rec.time, values: rec.normal, unit: 'm/s2' })
    if (!b.ok) throw new Error(b.code)
    expect(b.baseline.windowCount).toBe(19)
    expect(b.baseline.shaftHz).toBeCloseTo(29.5, 0)
    // The generator's residual 1X is 0.15–0.25.
    expect(b.baseline.orders[orderIndex(1)]).toBeGreaterThan(0.12)
    expect(b.baseline.orders[orderIndex(1)]).toBeLessThan(0.26)
  })
})
