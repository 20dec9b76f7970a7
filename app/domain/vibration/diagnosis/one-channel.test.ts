/**
 * The one-channel field case of issue #19, end to end in the domain: a sensor's recordings offered in time order to the
 * provisional baseline and judged against it (what the store does per recording), on machines of blind speed and gain.
 */
import { describe, expect, it } from 'vitest'
import { generateSensorHistory, SIGNAL_CLASSES, type HistoryPhase, type SignalClass } from '../../../../tests/fixtures/vibration/generator'
import { extendProvisional, type ProvisionalState } from './baselines'
import { extractChannelFeatures, judgeChannel, summarizeFeatures } from './channel'

interface Outcome {
  machine: number
  cls: SignalClass
  faultType: number | null
}

/** Runs a sensor's history through extract → provisional baseline → judge, as the store does; one outcome per window. */
function runHistory(machineSeed: number, phases: readonly HistoryPhase[], seconds = 12): Outcome[] {
  const history = generateSensorHistory({ machineSeed, phases, seconds })
  let state: ProvisionalState | null = null
  const outcomes: Outcome[] = []
  for (const [i, rec] of history.recordings.entries()) {
    const extracted = extractChannelFeatures({ time: rec.time, values: rec.values, unit: 'unknown' })
    if (!extracted.ok) throw new Error(extracted.code)
    const t0 = rec.offsetSeconds * 1000
    const step = extendProvisional(state, {
      recordingId: `r${i}`,
      windows: extracted.windows.map((w) => ({ startMs: t0 + w.startTime * 1000, endMs: t0 + w.endTime * 1000, features: w.features, summary: summarizeFeatures(w.features) })),
    })
    state = step.state
    const judged = judgeChannel(extracted, { baseline: step.baseline, unit: 'unknown' })
    for (const w of judged.windows) outcomes.push({ machine: machineSeed, cls: rec.cls, faultType: w.faultType })
  }
  return outcomes
}

const right = (o: Outcome) => o.faultType !== null && SIGNAL_CLASSES[o.faultType] === o.cls
const share = (xs: Outcome[], f: (o: Outcome) => boolean) => xs.filter(f).length / xs.length

describe('one-channel sensors judged against a provisional baseline of their first recordings', () => {
  it('gets ≥ 95 % of windows right over healthy, unbalance, looseness and both phases, per machine of blind speed and gain', () => {
    const phases: HistoryPhase[] = [
      { cls: 'normal', recordings: 3 },
      { cls: 'unbalance', recordings: 2 },
      { cls: 'looseness', recordings: 2 },
      { cls: 'both', recordings: 2 },
    ]
    const outcomes = Array.from({ length: 24 }, (_, m) => runHistory(100 + m, phases)).flat()
    const perClass = Object.fromEntries(SIGNAL_CLASSES.map((c) => [c, share(outcomes.filter((o) => o.cls === c), right)]))
    console.log('windows', outcomes.length, 'accuracy', share(outcomes, right), perClass)
    const perMachine = [...new Set(outcomes.map((o) => o.machine))].map((m) => share(outcomes.filter((o) => o.machine === m), right))
    console.log('worst machine', Math.min(...perMachine))
    expect(share(outcomes, right)).toBeGreaterThanOrEqual(0.95)
  }, 120_000)

  it('calls ≤ 5 % of windows a fault on a sensor whose only data is healthy', () => {
    const outcomes = Array.from({ length: 24 }, (_, m) => runHistory(500 + m, [{ cls: 'normal', recordings: 8 }])).flat()
    const faults = share(outcomes, (o) => o.faultType !== null && o.faultType > 0)
    console.log('healthy windows', outcomes.length, 'fault share', faults, 'not judged', share(outcomes, (o) => o.faultType === null))
    expect(faults).toBeLessThanOrEqual(0.05)
  }, 120_000)
})
