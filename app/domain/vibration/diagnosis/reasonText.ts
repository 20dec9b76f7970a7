/**
 * One technician-readable line from a structured DiagnosisReason, e.g.
 *   en: "1X at 14× floor, 2X/1X 0.08, no harmonic series → unbalance"
 *   ko: "1X 바닥잡음의 14배, 2X/1X 0.08, 고조파 계열 없음 → 질량 불평형"
 * The templates live in the small table below so they can move into the app's i18n files unchanged; numbers are
 * formatted locale-independently (ratios ≥ 10 without decimals, smaller ones with one, 2X/1X with two).
 */

import { type DiagnosisReason, type FaultCode } from './classify'

export type ReasonLocale = 'en' | 'ko'

type Templates = {
  oneX: (ratio: string) => string
  baseline: (ratio: string) => string
  twoX: (ratio: string) => string
  noSeries: string
  harmonics: (n: number) => string
  halfOrders: (n: number) => string
  impulsive: (kurtosis: string, crest: string) => string
  speedEstimated: string
  noSpeed: string
  noBaseline: string
  labels: Record<FaultCode, string>
}

/** en/ko templates (to be moved into app/i18n by the lead). */
export const REASON_TEMPLATES: Record<ReasonLocale, Templates> = {
  en: {
    oneX: (r) => `1X at ${r}× floor`,
    baseline: (r) => `${r}× baseline`,
    twoX: (r) => `2X/1X ${r}`,
    noSeries: 'no harmonic series',
    harmonics: (n) => `${n} harmonic${n === 1 ? '' : 's'}`,
    halfOrders: (n) => `${n} half-order${n === 1 ? '' : 's'}`,
    impulsive: (k, c) => `impacts (kurtosis ${k}, crest ${c})`,
    speedEstimated: 'speed estimated',
    noSpeed: 'no shaft-speed line found',
    noBaseline: 'no baseline',
    labels: { normal: 'normal', unbalance: 'unbalance', looseness: 'looseness', both: 'unbalance + looseness' },
  },
  ko: {
    oneX: (r) => `1X 바닥잡음의 ${r}배`,
    baseline: (r) => `기준선의 ${r}배`,
    twoX: (r) => `2X/1X ${r}`,
    noSeries: '고조파 계열 없음',
    harmonics: (n) => `고조파 ${n}개`,
    halfOrders: (n) => `반차수 성분 ${n}개`,
    impulsive: (k, c) => `충격성 (첨도 ${k}, 파고율 ${c})`,
    speedEstimated: '회전속도 추정',
    noSpeed: '회전속도 성분 없음',
    noBaseline: '기준선 없음',
    labels: { normal: '정상', unbalance: '질량 불평형', looseness: '지지 풀림', both: '불평형 + 풀림' },
  },
}

function ratio(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1)
}

/** Formats a reason as one line in the given locale (see module comment). */
export function reasonText(reason: DiagnosisReason, locale: ReasonLocale): string {
  const t = REASON_TEMPLATES[locale]
  const parts: string[] = []
  if (reason.speedMissing || reason.oneX_overFloor === null) {
    parts.push(t.noSpeed)
  } else {
    parts.push(t.oneX(ratio(reason.oneX_overFloor)))
    if (reason.baselineRatio1X !== null) parts.push(t.baseline(ratio(reason.baselineRatio1X)))
    if (reason.twoX_over_oneX !== null) parts.push(t.twoX(reason.twoX_over_oneX.toFixed(2)))
    if (reason.harmonicCount < 2 && reason.halfOrderCount === 0) parts.push(t.noSeries)
    else {
      if (reason.harmonicCount > 0) parts.push(t.harmonics(reason.harmonicCount))
      if (reason.halfOrderCount > 0) parts.push(t.halfOrders(reason.halfOrderCount))
    }
  }
  if (reason.impulsive) parts.push(t.impulsive(reason.kurtosis.toFixed(1), reason.crest.toFixed(1)))
  const notes: string[] = []
  if (reason.speedEstimated && !reason.speedMissing) notes.push(t.speedEstimated)
  if (!reason.hasBaseline) notes.push(t.noBaseline)
  const suffix = notes.length > 0 ? ` (${notes.join(', ')})` : ''
  return `${parts.join(', ')} → ${t.labels[reason.code]}${suffix}`
}
