import { Bar, type BarDatum } from '@nivo/bar'
import { Line } from '@nivo/line'
import { CachedChart } from './cached-chart'
import { itemBarLayout } from './bar-chart'
import { CHART_THEME, ChartFrame, EmptyChartBody, isEmptySeries, type Layout } from './chart-frame'
import type { TableColumn } from '~/components/ui/table'
import type { DayOutput } from '~/domain/statistics'
import type { Locale, Translate } from '~/i18n'
import { formatGrams, formatNumber, formatPct } from '~/utils/format'

/**
 * Statistics charts: nivo rendered to SVG on the server — scaled to the width they get (ChartFrame), no animation, no
 * interaction — so they read the same without JavaScript. Nothing to show → "No data" over a 0…4 axis. Callers always put the numbers in a table beside or under the chart (the shared DataTable with
 * `rowHeader`).
 */

export interface DaySeries {
  id: string
  color: string
  /** One value per label of `labels`, in order (null = no value that day: the line breaks). */
  values: ReadonlyArray<number | null>
}

/** A line per series over day labels (point scale), e.g. units per day or scrap rate per day. */
export function DailySeriesChart({
  labels,
  series,
  label,
  width = 640,
  height = 240,
  unit = '',
  yMax = 'auto',
}: {
  labels: ReadonlyArray<string>
  series: ReadonlyArray<DaySeries>
  label: string
  width?: number
  height?: number
  unit?: string
  yMax?: number | 'auto'
}) {
  // Thin the x ticks so at most ~12 labels show whatever the period length.
  const step = Math.max(1, Math.ceil(labels.length / 12))
  const ticks = labels.filter((_, i) => i % step === 0)
  // A series without a single value would draw a path of nothing (d="null"): it is left out.
  const drawn = series.filter((s) => s.values.some((v) => v !== null && Number.isFinite(v)))
  const data = drawn.map((s) => ({ id: s.id, data: labels.map((x, i) => ({ x, y: s.values[i] ?? null })) }))
  if (labels.length === 0 || isEmptySeries(drawn.flatMap((s) => s.values))) {
    return (
      <ChartFrame width={width} height={height} label={label} body="svg">
        <EmptyChartBody width={width} height={height} />
      </ChartFrame>
    )
  }
  return (
    <ChartFrame width={width} height={height} label={label}>
      <CachedChart name="daily-series" compact props={{ labels, series, label, width, height, unit, yMax }}>
        <Line
          data={data}
          width={width}
          height={height}
          margin={{ top: 12, right: 32, bottom: 36, left: 56 }}
          xScale={{ type: 'point' }}
          yScale={{ type: 'linear', min: 0, max: yMax }}
          curve="linear"
          colors={drawn.map((s) => s.color)}
          theme={CHART_THEME}
          lineWidth={2}
          pointSize={labels.length > 40 ? 0 : 5}
          enableGridX={false}
          axisBottom={{ tickSize: 0, tickPadding: 8, tickValues: ticks as string[] }}
          axisLeft={{ tickSize: 0, tickPadding: 6, tickValues: 5, format: (v) => `${v}${unit}` }}
          animate={false}
          isInteractive={false}
          role="presentation"
        />
      </CachedChart>
    </ChartFrame>
  )
}

export interface SwatchBar {
  label: string
  value: number
  /** The bar's own colour (a filament's hex); light colours get an outline so white still shows. */
  color: string
}

/** One bar per item, each in its own colour (material + colour usage, products); `horizontal`: the first item at the top. */
export function SwatchBarChart({
  bars,
  label,
  width = 640,
  height = 260,
  unit = '',
  layout = 'vertical',
}: {
  bars: ReadonlyArray<SwatchBar>
  label: string
  width?: number
  height?: number
  unit?: string
  layout?: Layout
}) {
  const horizontal = layout === 'horizontal'
  // nivo draws a horizontal chart's first item at the bottom; ours reads top-down like the table beside it.
  const data: BarDatum[] = (horizontal ? [...bars].reverse() : bars).map((b) => ({ label: b.label, value: b.value, color: b.color }))
  const valueAxis = { tickSize: 0, tickPadding: 6, tickValues: 5, format: (v: string | number) => `${v}${unit}` }
  const labelAxis = { tickSize: 0, tickPadding: 8, tickRotation: horizontal || bars.length <= 6 ? 0 : -30 }
  const margin = horizontal ? { top: 8, right: 16, bottom: 32, left: 170 } : { top: 10, right: 10, bottom: bars.length <= 6 ? 40 : 90, left: 60 }
  if (isEmptySeries(bars.map((b) => b.value))) {
    return (
      <ChartFrame width={width} height={height} label={label} body="svg">
        <EmptyChartBody width={width} height={height} {...margin} />
      </ChartFrame>
    )
  }
  return (
    <ChartFrame width={width} height={height} label={label}>
      <CachedChart name="swatch-bar" compact props={{ bars, label, width, height, unit, layout }}>
        <Bar
          data={data}
          keys={['value']}
          indexBy="label"
          layout={layout}
          width={width}
          height={height}
          margin={margin}
          padding={0.25}
          colors={(bar) => String(bar.data.color)}
          theme={CHART_THEME}
          borderWidth={1}
          borderColor="#94a3b8"
          animate={false}
          enableLabel={false}
          axisBottom={horizontal ? valueAxis : labelAxis}
          axisLeft={horizontal ? labelAxis : valueAxis}
          isInteractive={false}
          role="presentation"
        />
      </CachedChart>
    </ChartFrame>
  )
}

/** Two or more values side by side per item (e.g. jobs run and good units per printer): grouped, never stacked. */
export function GroupedBarChart({
  data,
  keys,
  indexBy,
  colors,
  label,
  width = 640,
  height = 240,
  layout = 'vertical',
}: {
  data: BarDatum[]
  keys: string[]
  indexBy: string
  colors: string[]
  label: string
  width?: number
  height?: number
  /** `horizontal`: one row of bars per item, the first at the top (many items: see itemChartLayout). */
  layout?: Layout
}) {
  const valueAxis = { tickSize: 0, tickPadding: 6, tickValues: 5 }
  if (isEmptySeries(data.flatMap((d) => keys.map((k) => Number(d[k]))))) {
    return (
      <ChartFrame width={width} height={height} label={label} body="svg">
        <EmptyChartBody width={width} height={height} left={56} bottom={40} top={10} right={10} />
      </ChartFrame>
    )
  }
  return (
    <ChartFrame width={width} height={height} label={label}>
      <CachedChart name="grouped-bar" compact props={{ data, keys, indexBy, colors, label, width, height, layout }}>
        <Bar
          {...itemBarLayout(layout, data, valueAxis)}
          keys={keys}
          indexBy={indexBy}
          groupMode="grouped"
          width={width}
          height={height}
          padding={0.25}
          innerPadding={2}
          colors={colors}
          theme={CHART_THEME}
          animate={false}
          enableLabel={false}
          isInteractive={false}
          role="presentation"
        />
      </CachedChart>
    </ChartFrame>
  )
}

export const GOOD_COLOUR = '#16a34a'
export const SCRAP_COLOUR = '#dc2626'

/** Neutral palette for items without a colour of their own (materials, printers). */
export const SERIES_COLOURS = ['#1d4ed8', '#f59e0b', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d']

/** The colour key of a chart (its numbers are in the table; the key itself is hidden from screen readers). */
export function ChartLegend({ items }: { items: ReadonlyArray<readonly [string, string]> }) {
  return (
    <p className="mb-2 flex flex-wrap gap-4 text-sm text-slate-700" aria-hidden="true">
      {items.map(([label, colour]) => (
        <span key={label} className="inline-flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm ring-1 ring-slate-300" style={{ backgroundColor: colour }} /> {label}
        </span>
      ))}
    </p>
  )
}

/**
 * Grams as the statistics tables and totals write them: at most one decimal ("40 g", "186.5 g"), where formatGrams always
 * writes one ("40.0 g"). The numbers come from the shared formatNumber; only the trailing ".0" differs.
 */
/** Columns of a per-day output table: day, good, scrap, scrap rate, and with `full` jobs, failed and grams. */
export function dayOutputColumns(t: Translate, locale: Locale, full: boolean): TableColumn<DayOutput>[] {
  const columns: TableColumn<DayOutput>[] = [
    { header: t('statistics.day'), cell: (d) => d.date },
    { header: t('statistics.goodUnits'), numeric: true, cell: (d) => formatNumber(locale, d.goodUnits) },
    { header: t('statistics.scrapUnits'), numeric: true, cell: (d) => formatNumber(locale, d.scrapUnits) },
    { header: t('statistics.scrapRate'), numeric: true, cell: (d) => formatPct(locale, d.scrapRatePct) },
  ]
  if (!full) return columns
  return [
    ...columns,
    { header: t('statistics.jobs'), numeric: true, cell: (d) => formatNumber(locale, d.jobs) },
    { header: t('statistics.failedJobs'), numeric: true, cell: (d) => formatNumber(locale, d.failedJobs) },
    { header: t('statistics.grams'), numeric: true, cell: (d) => formatGrams(locale, d.gramsMg, { trim: true }) },
  ]
}
