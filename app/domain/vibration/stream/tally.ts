/**
 * A stream recording's channel summary, kept up to date window by window (issue #19 item 4): a day-long stream
 * recording is never judged as a whole, so its summary (majority vote, shaft speed, ISO zone) is a running tally of its
 * windows, stored with the stream so a restart continues it exactly.
 */
import { type ChannelSummary } from '../diagnosis/channel'
import { FAULT_CODES, type FaultType } from '../diagnosis/classify'
import { isoZone, type Foundation, type IsoGroup } from '../diagnosis/iso'

/** The running figures of one stream recording. */
export interface StreamTally {
  windows: number
  votes: [number, number, number, number]
  confidenceSum: [number, number, number, number]
  velocitySquares: number
  velocityCount: number
  speedSum: number
  speedCount: number
  speedEstimated: boolean
}

/** What a window adds to the tally. */
export interface TallyWindow {
  faultType: FaultType | null
  confidence: number | null
  features: { shaftHz: number | null; velocityRms: number | null; speedEstimated: boolean }
}

export const emptyTally = (): StreamTally => ({
  windows: 0,
  votes: [0, 0, 0, 0],
  confidenceSum: [0, 0, 0, 0],
  velocitySquares: 0,
  velocityCount: 0,
  speedSum: 0,
  speedCount: 0,
  speedEstimated: false,
})

/** The tally with `windows` added (a new object; the argument is left as it is). */
export function addToTally(t: StreamTally, windows: readonly TallyWindow[]): StreamTally {
  const next: StreamTally = { ...t, votes: [...t.votes], confidenceSum: [...t.confidenceSum] }
  for (const w of windows) {
    next.windows++
    if (w.faultType !== null && w.confidence !== null) {
      next.votes[w.faultType]++
      next.confidenceSum[w.faultType] += w.confidence
    }
    if (w.features.velocityRms !== null) {
      next.velocitySquares += w.features.velocityRms ** 2
      next.velocityCount++
    }
    if (w.features.shaftHz !== null) {
      next.speedSum += w.features.shaftHz
      next.speedCount++
    }
    if (w.features.speedEstimated) next.speedEstimated = true
  }
  return next
}

/** The channel summary of a tally (the same rule as a recording's: majority of the judged windows, ties to the worse). */
export function tallySummary(
  t: StreamTally,
  ctx: { isoGroup?: IsoGroup | null; foundation?: Foundation | null },
): Omit<ChannelSummary, 'sampleRate' | 'resampled' | 'hasBaseline'> {
  const judged = t.votes.reduce((s, v) => s + v, 0)
  let winner: FaultType = 0
  for (const k of [1, 2, 3] as const) {
    if (t.votes[k] > t.votes[winner] || (t.votes[k] === t.votes[winner] && t.confidenceSum[k] >= t.confidenceSum[winner])) winner = k
  }
  const velocityRms = t.velocityCount > 0 ? Math.sqrt(t.velocitySquares / t.velocityCount) : null
  const notJudged = judged === 0
  return {
    status: notJudged ? 'no_baseline' : 'diagnosed',
    faultType: notJudged ? null : winner,
    code: notJudged ? 'no_baseline' : FAULT_CODES[winner],
    confidence: notJudged || t.votes[winner] === 0 ? null : t.confidenceSum[winner] / t.votes[winner],
    votes: [...t.votes],
    windowCount: t.windows,
    shaftHz: t.speedCount > 0 ? t.speedSum / t.speedCount : null,
    speedEstimated: t.speedEstimated,
    velocityRms,
    isoZone: isoZone(velocityRms, ctx.isoGroup, ctx.foundation),
  }
}
