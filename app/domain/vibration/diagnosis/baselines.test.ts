import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateWindow } from '../../../../tests/fixtures/vibration/generator'
import { buildProvisional, chooseBaseline, extendProvisional, PROVISIONAL, provisionalBaseline, provisionalRecordings, type CandidateRecording, type ProvisionalState } from './baselines'
import { extractChannelFeatures, summarizeFeatures } from './channel'
import type { HealthyBaseline } from './classify'

const offer = (name: string) => ({ baseline: { windowCount: name.length } as unknown as HealthyBaseline, recordingId: name })

describe('choosing a baseline', () => {
  it('takes the own Normal channel, else the marked one, else the provisional one, else none', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (own, marked, provisional) => {
        const choice = chooseBaseline({ ownNormal: own ? offer('own') : null, marked: marked ? offer('marked') : null, provisional: provisional ? offer('provisional') : null })
        const expected = own ? 'own_normal' : marked ? 'marked' : provisional ? 'provisional' : 'none'
        expect(choice.source).toBe(expected)
        expect(choice.recordingId).toBe(expected === 'none' ? null : expected === 'own_normal' ? 'own' : expected)
        expect(choice.baseline === null).toBe(expected === 'none')
      }),
    )
  })
})

/** A one-channel recording of `seconds` of one class for machine 7, at `startS` seconds on the wall clock. */
function recording(id: string, cls: 'normal' | 'unbalance' | 'looseness', startS: number, seconds = 12, seed = 1): CandidateRecording {
  const w = generateWindow(cls, { machineSeed: 7, seed, samples: Math.floor(seconds * 1360), shaftHz: 31 })
  const ex = extractChannelFeatures({ time: w.time, values: w.values, unit: 'unknown' })
  if (!ex.ok) throw new Error(ex.code)
  return { recordingId: id, windows: ex.windows.map((x) => ({ startMs: (startS + x.startTime) * 1000, endMs: (startS + x.endTime) * 1000, features: x.features, summary: summarizeFeatures(x.features) })) }
}

describe('the provisional baseline', () => {
  const first = recording('a', 'normal', 0, 12, 1)
  const second = recording('b', 'normal', 3600, 12, 2)
  const faulty = recording('c', 'unbalance', 7200, 12, 3)

  it('takes the sensor\'s first recording as it is, and judges with it once it has enough windows', () => {
    const step = extendProvisional(null, first)
    expect(step).toMatchObject({ changed: true, becameUsable: false, state: { growing: true, closed: null } })
    expect(step.state.windows).toHaveLength(first.windows.length)
    expect(step.baseline?.windowCount).toBe(first.windows.length)
    expect(step.baseline?.bands?.bands.oneX).toBeDefined()
  })

  it('grows with later recordings that agree with it', () => {
    const one = extendProvisional(null, first).state
    const two = extendProvisional(one, second)
    expect(two.changed).toBe(true)
    expect(provisionalRecordings(two.state)).toEqual(['a', 'b'])
    expect(two.state.growing).toBe(true)
  })

  it('stops growing at the first recording that deviates, and never learns the fault', () => {
    const one = extendProvisional(null, first).state
    const step = extendProvisional(one, faulty)
    expect(step.state).toMatchObject({ growing: false, closed: { reason: 'deviation', recordingId: 'c' } })
    expect(provisionalRecordings(step.state)).toEqual(['a'])
    // Closed: a healthy recording after it is not learned either.
    expect(extendProvisional(step.state, recording('d', 'normal', 10_800, 12, 4)).changed).toBe(false)
  })

  it('stops at its span of data', () => {
    const step = extendProvisional(null, first, { spanSeconds: 6 })
    expect(step.state).toMatchObject({ growing: false, closed: { reason: 'span', recordingId: 'a' } })
    const covered = step.state.windows.reduce((s, w) => s + (w.endMs - w.startMs), 0)
    expect(covered).toBeLessThanOrEqual(6000)
    expect(covered).toBeGreaterThan(6000 - 2048 / 1.36)
  })

  it('is forming (judges nothing) below its minimum windows, and says so when it becomes usable', () => {
    const short = (id: string, startS: number, seed: number) => recording(id, 'normal', startS, 3.1, seed) // 2 windows each
    const one = extendProvisional(null, short('s1', 0, 5))
    expect(one.state.windows).toHaveLength(2)
    expect(one.baseline).toBeNull()
    const two = extendProvisional(one.state, short('s2', 3600, 6))
    expect(two.state.windows).toHaveLength(PROVISIONAL.minWindows)
    expect(two).toMatchObject({ becameUsable: true })
    expect(two.baseline).not.toBeNull()
  })

  it('leaves a recording it holds, or one dated before it, as it is', () => {
    const one = extendProvisional(null, second).state
    expect(extendProvisional(one, second).changed).toBe(false)
    expect(extendProvisional(one, first).changed).toBe(false)
  })

  it('rebuilt from scratch is what offering the recordings one by one gives', () => {
    const recs = [first, second, faulty, recording('d', 'normal', 10_800, 12, 4)]
    let state: ProvisionalState | null = null
    for (const r of recs) state = extendProvisional(state, r).state
    expect(buildProvisional(recs)).toEqual(state)
    expect(provisionalBaseline(buildProvisional(recs))).toEqual(provisionalBaseline(state))
    expect(buildProvisional([])).toBeNull()
  })
})
