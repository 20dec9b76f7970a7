/**
 * One technician-readable line from a structured DiagnosisReason, e.g.
 *   en: "1X at 14× floor, 2X/1X 0.08, no harmonic series → unbalance"
 *   ko: "1X 바닥잡음의 14배, 2X/1X 0.08, 고조파 계열 없음 → 질량 불평형"
 * The phrases are the app's UI strings (app/i18n/vibration.ts, keys `vibration.reason.<phrase>`): the caller passes a
 * translate function, so the domain holds the sentence's structure and no language. Numbers are formatted
 * locale-independently (ratios ≥ 10 without decimals, smaller ones with one, 2X/1X with two).
 * By how the window was judged (judge.ts):
 *   against a baseline: the shape figures, then each band crossed ("RMS 2.4× its upper band (0.512)") → the call;
 *   by ISO severity: "zone B at 2.10 mm/s (ISO 20816-3) → normal (no baseline)" (in C/D the shape figures follow);
 *   not judged: what is missing, "no baseline, signal unit unknown, ISO group/foundation not set → not judged".
 */

import { type BandFeature } from './bands'
import { type DiagnosisReason, type FaultCode, type MissingInput } from './classify'

/** The phrases a reason line is built from (params in braces). */
export type ReasonPhrase =
  | 'oneX' // {ratio}
  | 'baseline' // {ratio}
  | 'twoX' // {ratio}
  | 'noSeries'
  | 'harmonic' // {n} = 1
  | 'harmonics' // {n}
  | 'halfOrder' // {n} = 1
  | 'halfOrders' // {n}
  | 'impulsive' // {kurtosis} {crest}
  | 'speedEstimated'
  | 'noSpeed'
  | 'noBaseline'
  | 'zone' // {zone} {velocity}
  | 'bandAbove' // {feature} {ratio} {limit}
  | 'bandBelow' // {feature} {ratio} {limit}
  | 'withinBands'
  | `band.${BandFeature}`
  | `missing.${MissingInput}`
  | `label.${FaultCode | 'no_baseline'}`

export type ReasonTranslate = (phrase: ReasonPhrase, params?: Record<string, string | number>) => string

function ratio(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1)
}

/** A band limit with three significant digits (amplitudes span decades with the sensor's gain). */
function limit(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3)
}

/** The shape figures of a window: 1X against floor and baseline, 2X/1X, the harmonic series and impacts. */
function shapeParts(reason: DiagnosisReason, t: ReasonTranslate): string[] {
  const parts: string[] = []
  if (reason.speedMissing || reason.oneX_overFloor === null) {
    parts.push(t('noSpeed'))
  } else {
    parts.push(t('oneX', { ratio: ratio(reason.oneX_overFloor) }))
    if (reason.baselineRatio1X !== null) parts.push(t('baseline', { ratio: ratio(reason.baselineRatio1X) }))
    if (reason.twoX_over_oneX !== null) parts.push(t('twoX', { ratio: reason.twoX_over_oneX.toFixed(2) }))
    if (reason.harmonicCount < 2 && reason.halfOrderCount === 0) parts.push(t('noSeries'))
    else {
      if (reason.harmonicCount > 0) parts.push(t(reason.harmonicCount === 1 ? 'harmonic' : 'harmonics', { n: reason.harmonicCount }))
      if (reason.halfOrderCount > 0) parts.push(t(reason.halfOrderCount === 1 ? 'halfOrder' : 'halfOrders', { n: reason.halfOrderCount }))
    }
  }
  if (reason.impulsive) parts.push(t('impulsive', { kurtosis: reason.kurtosis.toFixed(1), crest: reason.crest.toFixed(1) }))
  return parts
}

/** What a window judged without a baseline lacked, as a list ("no baseline, signal unit unknown, …"). */
export function missingText(reason: Pick<DiagnosisReason, 'missing'>, t: ReasonTranslate): string {
  const missing = reason.missing?.length ? reason.missing : (['baseline'] as const)
  return missing.map((m) => t(`missing.${m}`)).join(', ')
}

/** Formats a reason as one line with the given phrases (see module comment). */
export function reasonText(reason: DiagnosisReason, t: ReasonTranslate): string {
  if (reason.code === 'no_baseline') return `${missingText(reason, t)} → ${t('label.no_baseline')}`
  const parts: string[] = []
  if (reason.basis === 'iso' && reason.zone) parts.push(t('zone', { zone: reason.zone, velocity: (reason.velocityRms ?? 0).toFixed(2) }))
  // In ISO zones A/B the shape decides nothing (judge.ts): only the zone is the reason.
  if (!(reason.basis === 'iso' && (reason.zone === 'A' || reason.zone === 'B'))) parts.push(...shapeParts(reason, t))
  for (const c of reason.bands ?? []) {
    parts.push(t(c.side === 'above' ? 'bandAbove' : 'bandBelow', { feature: t(`band.${c.feature}`), ratio: ratio(c.ratio), limit: limit(c.limit) }))
  }
  if (reason.withinBands) parts.push(t('withinBands'))
  const notes: string[] = []
  if (reason.speedEstimated && !reason.speedMissing) notes.push(t('speedEstimated'))
  if (!reason.hasBaseline) notes.push(t('noBaseline'))
  const suffix = notes.length > 0 ? ` (${notes.join(', ')})` : ''
  return `${parts.join(', ')} → ${t(`label.${reason.code}`)}${suffix}`
}
