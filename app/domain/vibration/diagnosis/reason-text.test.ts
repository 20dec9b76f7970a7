import { describe, expect, it } from 'vitest'
import { type DiagnosisReason } from './classify'
import { reasonText as format, type ReasonPhrase } from './reason-text'
import { translator, type MessageKey } from '~/i18n'

// The phrases are the app's UI strings (app/i18n/vibration.ts).
const reasonText = (r: DiagnosisReason, locale: 'en' | 'ko') =>
  format(r, (phrase: ReasonPhrase, params) => translator(locale)(`vibration.reason.${phrase}` as MessageKey, params))

function reason(overrides: Partial<DiagnosisReason> = {}): DiagnosisReason {
  return {
    code: 'unbalance',
    oneX_overFloor: 14.2,
    twoX_over_oneX: 0.0812,
    oneX_dominance: 6,
    harmonicCount: 1,
    halfOrderCount: 0,
    crest: 2.1,
    kurtosis: 1.8,
    impulsive: false,
    baselineRatio1X: null,
    hasBaseline: true,
    speedEstimated: false,
    speedMissing: false,
    unbalanceDegree: 0.9,
    loosenessDegree: 0.1,
    ...overrides,
  }
}

describe('reasonText', () => {
  it('explains an unbalance call in English', () => {
    expect(reasonText(reason(), 'en')).toBe('1X at 14× floor, 2X/1X 0.08, no harmonic series → unbalance')
  })

  it('explains an unbalance call in Korean', () => {
    expect(reasonText(reason(), 'ko')).toBe('1X 바닥잡음의 14배, 2X/1X 0.08, 고조파 계열 없음 → 질량 불평형')
  })

  it('lists the harmonic series, half-orders and impacts of a looseness call', () => {
    const r = reason({ code: 'looseness', oneX_overFloor: 5.26, harmonicCount: 5, halfOrderCount: 1, impulsive: true, kurtosis: 4.56, crest: 5.04 })
    expect(reasonText(r, 'en')).toBe('1X at 5.3× floor, 2X/1X 0.08, 5 harmonics, 1 half-order, impacts (kurtosis 4.6, crest 5.0) → looseness')
    expect(reasonText(r, 'ko')).toBe('1X 바닥잡음의 5.3배, 2X/1X 0.08, 고조파 5개, 반차수 성분 1개, 충격성 (첨도 4.6, 파고율 5.0) → 지지 풀림')
  })

  it('mentions the baseline ratio, an estimated speed and a missing baseline', () => {
    expect(reasonText(reason({ code: 'both', baselineRatio1X: 4.04, speedEstimated: true }), 'en')).toBe(
      '1X at 14× floor, 4.0× baseline, 2X/1X 0.08, no harmonic series → unbalance + looseness (speed estimated)',
    )
    expect(reasonText(reason({ code: 'normal', hasBaseline: false }), 'ko')).toBe(
      '1X 바닥잡음의 14배, 2X/1X 0.08, 고조파 계열 없음 → 정상 (기준선 없음)',
    )
  })

  it('says when no shaft-speed line was found', () => {
    const r = reason({ code: 'normal', speedMissing: true, speedEstimated: true, oneX_overFloor: null, twoX_over_oneX: null })
    expect(reasonText(r, 'en')).toBe('no shaft-speed line found → normal')
    expect(reasonText(r, 'ko')).toBe('회전속도 성분 없음 → 정상')
  })

  it('names each alarm band crossed and by how much, and a fault pattern inside every band', () => {
    const r = reason({
      baselineRatio1X: 3.12,
      basis: 'baseline',
      bands: [
        { feature: 'oneX', side: 'above', value: 1.07, limit: 0.4123, ratio: 2.6 },
        { feature: 'kurtosis', side: 'below', value: 1.2, limit: 2.4, ratio: 2 },
      ],
    })
    expect(reasonText(r, 'en')).toBe('1X at 14× floor, 3.1× baseline, 2X/1X 0.08, no harmonic series, 1X 2.6× its upper band (0.412), kurtosis 2.0× below its lower band (2.40) → unbalance')
    expect(reasonText(r, 'ko')).toBe('1X 바닥잡음의 14배, 기준선의 3.1배, 2X/1X 0.08, 고조파 계열 없음, 1X 상한 밴드(0.412)의 2.6배, 첨도 하한 밴드(2.40)보다 2.0배 낮음 → 질량 불평형')
    expect(reasonText(reason({ code: 'normal', basis: 'baseline', withinBands: true, bands: [] }), 'en')).toBe('1X at 14× floor, 2X/1X 0.08, no harmonic series, inside its alarm bands → normal')
  })

  it('says what is missing when a window was not judged', () => {
    const r = reason({ code: 'no_baseline', basis: 'none', hasBaseline: false, missing: ['baseline', 'unit', 'iso_class'] })
    expect(reasonText(r, 'en')).toBe('no baseline, signal unit unknown, ISO group/foundation not set → not judged')
    expect(reasonText(r, 'ko')).toBe('기준선 없음, 신호 단위 모름, ISO 그룹·기초 미설정 → 판정 안 함')
  })

  it('gives the ISO zone a window was judged by (zones A/B: the zone alone)', () => {
    expect(reasonText(reason({ code: 'normal', basis: 'iso', zone: 'B', velocityRms: 2.1, hasBaseline: false }), 'en')).toBe('zone B at 2.10 mm/s (ISO 20816-3) → normal (no baseline)')
    expect(reasonText(reason({ code: 'unbalance', basis: 'iso', zone: 'D', velocityRms: 8, hasBaseline: false }), 'ko')).toBe(
      'ISO 20816-3 D 영역, 8.00 mm/s, 1X 바닥잡음의 14배, 2X/1X 0.08, 고조파 계열 없음 → 질량 불평형 (기준선 없음)',
    )
  })
})
