import { describe, expect, it } from 'vitest'
import { generateRecording, generateWindow } from '../../../../tests/fixtures/vibration/generator'
import { baselineFromChannel, extractChannelFeatures, extractChannelFeatureSteps, WINDOWS_PER_STEP } from './channel'
import { describeWindow, diagnoseRecording, diagnoseRecordingSteps } from './recording'

/** Runs a stepped computation to its end: its result and how often it paused. */
function runSteps<T>(steps: Generator<void, T, void>): { value: T; pauses: number } {
  let pauses = 0
  for (;;) {
    const step = steps.next()
    if (step.done) return { value: step.value, pauses }
    pauses++
  }
}

describe('diagnoseRecording', () => {
  it('diagnoses the four channels of a generated layout-a recording against its own Normal channel', () => {
    const rec = generateRecording({ seconds: 12, seed: 7 })
    const results = diagnoseRecording({ time: rec.time, channels: { normal: rec.normal, type1: rec.type1, type2: rec.type2, type3: rec.type3 }, unit: 'm/s2', recordingId: 'r1' })
    expect(results.map((r) => r.channel)).toEqual(['normal', 'type1', 'type2', 'type3'])
    expect(results.map((r) => r.label)).toEqual([0, 1, 2, 3])
    expect(results.map((r) => (r.result.ok ? r.result.summary.faultType : null))).toEqual([0, 1, 2, 3])
    expect(results.every((r) => r.baselineSource === 'own_normal' && r.baselineRecordingId === 'r1')).toBe(true)
  })

  it('uses the marked baseline for a single channel, and none when there is no mark', () => {
    const healthy = generateWindow('normal', { machineSeed: 3, seed: 1, samples: 8192 })
    const marked = baselineFromChannel({ time: healthy.time, values: healthy.values, unit: 'm/s2' })
    expect(marked.ok).toBe(true)
    const faulty = generateWindow('unbalance', { machineSeed: 3, seed: 2, samples: 8192 })
    const withMark = diagnoseRecording({ time: faulty.time, channels: { value: faulty.values }, unit: 'm/s2', marked: { recordingId: 'base', baseline: marked.ok ? marked.baseline : null! } })
    expect(withMark[0]).toMatchObject({ channel: 'value', label: null, baselineSource: 'marked', baselineRecordingId: 'base' })
    expect(withMark[0].result.ok && withMark[0].result.summary.faultType).toBe(1)
    const without = diagnoseRecording({ time: faulty.time, channels: { value: faulty.values }, unit: 'm/s2' })
    expect(without[0]).toMatchObject({ baselineSource: 'none', baselineRecordingId: null })
  })

  it('in steps: pauses within and after each channel and before judging, with the same results', () => {
    const rec = generateRecording({ seconds: 40, seed: 9 })
    const input = { time: rec.time, channels: { normal: rec.normal, type1: rec.type1, type2: rec.type2, type3: rec.type3 }, unit: 'm/s2' as const, recordingId: 'r2' }
    const { value: result, pauses } = runSteps(diagnoseRecordingSteps(input))
    expect(result).toEqual(diagnoseRecording(input))
    // Per channel: one pause per WINDOWS_PER_STEP windows — twice over without a nominal speed (the speed estimate,
    // then the features), the last block of features ending with the channel's own pause — then one before judging.
    const windows = result.map((r) => (r.result.ok ? r.result.windows.length : 0))
    expect(Math.min(...windows)).toBeGreaterThan(WINDOWS_PER_STEP)
    const expected = windows.reduce((n, w) => n + Math.floor(w / WINDOWS_PER_STEP) + Math.ceil(w / WINDOWS_PER_STEP), 0) + 1
    expect(pauses).toBe(expected)
  })

  it('a channel in steps: no step works through more than WINDOWS_PER_STEP windows, same features', () => {
    const rec = generateRecording({ seconds: 40, seed: 4 })
    const input = { time: rec.time, values: rec.type1, unit: 'm/s2' as const, nominalRpm: 1500 }
    const { value, pauses } = runSteps(extractChannelFeatureSteps(input))
    expect(value).toEqual(extractChannelFeatures(input))
    // With a nominal speed there is no estimate pass: a pause after each full block but the last.
    const count = value.ok ? value.windows.length : 0
    expect(count).toBeGreaterThan(WINDOWS_PER_STEP)
    expect(pauses).toBe(Math.ceil(count / WINDOWS_PER_STEP) - 1)
  })

  it('reports a channel shorter than one window instead of diagnosing it', () => {
    const short = generateWindow('normal', { samples: 1000 })
    const [r] = diagnoseRecording({ time: short.time, channels: { value: short.values }, unit: 'unknown' })
    expect(r.result).toEqual({ ok: false, code: 'shorter_than_window' })
  })
})

describe('describeWindow', () => {
  it('gives the window’s envelope, its spectrum (peak at 1X) and order markers below Nyquist', () => {
    const w = generateWindow('unbalance', { samples: 4096, shaftHz: 25, seed: 4 })
    const result = describeWindow({ time: w.time, values: w.values, index: 1, unit: 'm/s2', shaftHz: 25 })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { view } = result
    expect(view).toMatchObject({ index: 1, windowCount: 2 })
    expect(view.startTime).toBeCloseTo(2048 / 1360)
    expect(view.envelope).toHaveLength(512)
    const peak = view.spectrum.reduce((a, b) => (b.amplitude > a.amplitude ? b : a))
    expect(Math.abs(peak.hz - 25)).toBeLessThan(1)
    expect(view.markers.map((m) => m.order)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8])
    expect(describeWindow({ time: w.time, values: w.values, index: 2, unit: 'm/s2', shaftHz: 25 })).toEqual({ ok: false, code: 'no_such_window' })
  })
})
