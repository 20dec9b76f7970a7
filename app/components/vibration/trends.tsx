import type { ReactNode } from 'react'
import { LineChart, type YBand } from '~/components/charts/line-chart'
import type { MessageKey } from '~/i18n/registry'
import { useT } from '~/utils/i18n'

/** The band figures a trend can show, with the sensor bands' feature of the same name. */
export const TREND_FEATURES = ['rms', 'oneX', 'twoX', 'crest', 'kurtosis'] as const
export type TrendFeature = (typeof TREND_FEATURES)[number]

type Series = { id: string; data: { x: number; y: number }[] }[]

/** One colour per sensor + channel line (the legend uses the same). */
export const SERIES_COLORS = ['#1d4ed8', '#f59e0b', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f']
/** An axis tick: whole numbers from 10, two decimals from 0.1, two significant digits below (2X is often ~0.01). */
const axisNumber = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 0.1 ? v.toFixed(2) : v.toPrecision(2))

/** Shades of the sensors' alarm bands behind the lines. */
const BAND_SHADES = ['#bfdbfe', '#fde68a', '#bbf7d0', '#fecaca', '#ddd6fe']

/**
 * The feature trends of a machine's timeline: velocity with the ISO zones (when zoned), and RMS, 1X, 2X, crest factor and
 * kurtosis, each with every sensor's alarm band (from its baseline) shaded behind the lines.
 */
export function FeatureTrends({
  trends,
  velocity,
  zones,
  bands,
  formatX,
  legend,
}: {
  trends: Record<TrendFeature, Series>
  velocity: Series | null
  zones: number[] | null
  /** Each sensor's band per feature. */
  bands: { sensorNo: string; bands: { feature: string; low: number; high: number }[] }[]
  formatX: (ms: number) => string
  legend: ReactNode
}) {
  const t = useT()
  const zoneBands: YBand[] = zones
    ? [
        { from: 0, to: zones[0], color: '#bbf7d0', label: t('vibration.zone.A') },
        { from: zones[0], to: zones[1], color: '#d9f99d', label: t('vibration.zone.B') },
        { from: zones[1], to: zones[2], color: '#fde68a', label: t('vibration.zone.C') },
        { from: zones[2], to: zones[2] * 1.5, color: '#fecaca', label: t('vibration.zone.D') },
      ]
    : []
  const yBands = (feature: TrendFeature): YBand[] =>
    bands.flatMap((s, i) => {
      const band = s.bands.find((b) => b.feature === feature)
      return band ? [{ from: band.low, to: band.high, color: BAND_SHADES[i % BAND_SHADES.length], label: t('vibration.diagnosis.trend.band', { sensor: s.sensorNo }) }] : []
    })
  const highest = (series: Series, extra: number[]) => Math.max(...series.flatMap((s) => s.data.map((p) => p.y)), ...extra) * 1.1
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      {velocity && zones ? (
        <section>
          <h3 className="font-medium">{t('vibration.diagnosis.trend.velocity')}</h3>
          <LineChart
            series={velocity}
            label={t('vibration.diagnosis.trend.label', { feature: t('vibration.diagnosis.trend.velocity') })}
            colors={SERIES_COLORS}
            formatX={formatX}
            formatY={(v) => v.toFixed(1)}
            yMin={0}
            yMax={highest(velocity, [zones[2] * 1.5 / 1.1])}
            bands={zoneBands}
            legend={legend}
          />
        </section>
      ) : (
        <p className="text-sm text-slate-700 xl:col-span-2">{t('vibration.diagnosis.trend.notZoned')}</p>
      )}
      {bands.length ? <p className="text-sm text-slate-700 xl:col-span-2">{t('vibration.diagnosis.trend.bandsHint')}</p> : null}
      {TREND_FEATURES.map((k) => {
        const shaded = yBands(k)
        return (
          <section key={k} data-testid={`trend-${k}`}>
            <h3 className="font-medium">{t(`vibration.diagnosis.trend.${k}` as MessageKey)}</h3>
            <LineChart
              series={trends[k]}
              label={t('vibration.diagnosis.trend.label', { feature: t(`vibration.diagnosis.trend.${k}` as MessageKey) })}
              colors={SERIES_COLORS}
              formatX={formatX}
              formatY={axisNumber}
              yMin={0}
              yMax={shaded.length ? highest(trends[k], shaded.map((b) => b.to)) : 'auto'}
              bands={shaded}
              legend={legend}
            />
          </section>
        )
      })}
    </div>
  )
}
