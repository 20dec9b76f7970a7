/**
 * How a window is judged (issue #19 items 2 and 3): the policy on top of the rules of classify.ts.
 *
 * 1. **Against a baseline** (the recording's own Normal channel, a marked or a provisional baseline of the sensor): the
 *    rules with that baseline decide the fault type; when the baseline has alarm bands, a fault is only called when the
 *    window is above at least one band (RMS, 1X, 2X, crest factor, kurtosis). A fault pattern inside every band is called
 *    normal (`withinBands`). The crossed bands are named in the reason either way.
 * 2. **By absolute severity** when there is no baseline but the machine's signal unit and ISO 20816-3 group and foundation
 *    are known: zone A or B is normal; in zone C or D (restricted operation, damage) the shape rules name the fault kind
 *    (normal when the spectrum shows no fault pattern: the zone badge still says C/D).
 * 3. **Not judged** otherwise: status 'no_baseline', fault type null, no confidence, and the reason lists what is
 *    missing (a baseline; the unit; the ISO group/foundation). A dominant 1X alone is never called unbalance: every
 *    running machine has one.
 */

import { bandCrossings } from './bands'
import { classifyWindow, FAULT_CODES, ratioDegree, RULES, type DiagnosisReason, type FaultType, type HealthyBaseline, type MissingInput } from './classify'
import { type WindowFeatures } from './features'
import { ISO_20816_3_BOUNDARIES, isoZone, type Foundation, type IsoGroup, type VibrationUnit } from './iso'

/** A window's status: judged (with a fault type) or left without a judgement for want of a baseline. */
export type DiagnosisStatus = 'diagnosed' | 'no_baseline'

/** What a window is judged with. */
export interface JudgeContext {
  baseline: HealthyBaseline | null
  unit: VibrationUnit
  isoGroup?: IsoGroup | null
  foundation?: Foundation | null
}

/** A judged window. */
export interface WindowJudgement {
  status: DiagnosisStatus
  /** Null when not judged. */
  faultType: FaultType | null
  /** Null when not judged. */
  confidence: number | null
  reason: DiagnosisReason
}

/** What is missing to judge a window without a baseline (always the baseline itself first). */
export function missingInputs(ctx: Pick<JudgeContext, 'unit' | 'isoGroup' | 'foundation'>): MissingInput[] {
  const missing: MissingInput[] = ['baseline']
  if (ctx.unit === 'unknown') missing.push('unit')
  if (!ctx.isoGroup || !ctx.foundation) missing.push('iso_class')
  return missing
}

/** Judges one window's features by the policy in the module comment. */
export function judgeWindow(features: WindowFeatures, ctx: JudgeContext): WindowJudgement {
  if (ctx.baseline) return againstBaseline(features, ctx.baseline)
  const zone = isoZone(features.velocityRms, ctx.isoGroup, ctx.foundation)
  const shape = classifyWindow(features, null)
  if (zone !== 'not_zoned' && ctx.isoGroup && ctx.foundation) {
    const severe = zone === 'C' || zone === 'D'
    const faultType: FaultType = severe ? shape.faultType : 0
    // In A/B the confidence is how clearly the velocity stays below the B/C boundary (0.5 on it), lowered as for any
    // judgement without a baseline; in C/D it is the shape rules' own.
    const bc = ISO_20816_3_BOUNDARIES[ctx.isoGroup][ctx.foundation][1]
    const confidence = severe ? shape.confidence : (1 - ratioDegree(features.velocityRms ?? 0, bc)) * RULES.noBaselineFactor
    return {
      status: 'diagnosed',
      faultType,
      confidence,
      reason: { ...shape.reason, code: FAULT_CODES[faultType], basis: 'iso', zone, velocityRms: features.velocityRms },
    }
  }
  return {
    status: 'no_baseline',
    faultType: null,
    confidence: null,
    reason: { ...shape.reason, code: 'no_baseline', basis: 'none', missing: missingInputs(ctx), unbalanceDegree: 0, loosenessDegree: 0 },
  }
}

function againstBaseline(features: WindowFeatures, baseline: HealthyBaseline): WindowJudgement {
  const rules = classifyWindow(features, baseline)
  const crossings = bandCrossings(features, baseline.bands)
  const reason: DiagnosisReason = { ...rules.reason, basis: 'baseline', bands: crossings }
  if (rules.faultType !== 0 && baseline.bands && !crossings.some((c) => c.side === 'above')) {
    // A fault pattern, yet every figure inside the sensor's healthy range: normal, with the doubt in the confidence.
    return { status: 'diagnosed', faultType: 0, confidence: Math.min(0.9, Math.max(0.3, 1 - rules.confidence)), reason: { ...reason, code: 'normal', withinBands: true } }
  }
  return { status: 'diagnosed', faultType: rules.faultType, confidence: rules.confidence, reason }
}
