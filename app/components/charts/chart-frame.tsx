import type { ReactNode } from 'react'
import { useT } from '~/utils/i18n'

/**
 * Chart text size in chart units. Charts scale down with their box (never up, see ChartFrame), and a chart is at most
 * ~1.25× wider than a tablet's content column, so on screen tick labels stay at 12 px or more.
 */
export const CHART_FONT_SIZE = 15

/** The nivo theme of every chart: readable tick and legend text. */
export const CHART_THEME = {
  text: { fontSize: CHART_FONT_SIZE, fill: '#334155' },
  axis: { ticks: { text: { fontSize: CHART_FONT_SIZE, fill: '#334155' } }, legend: { text: { fontSize: CHART_FONT_SIZE, fill: '#334155' } } },
} as const

/**
 * A chart's box: a figure whose SVG has a viewBox of the chart's natural size and fills the width it is given (never
 * wider than that natural size), so a chart shrinks with a tablet's screen instead of making the page scroll sideways.
 * The nivo chart (a fixed-size `<div><svg>`) is drawn inside a `<foreignObject>`, server-rendered like before, and
 * scales with the box; `body="svg"` children (the empty state) are SVG drawn straight into the box.
 */
export function ChartFrame({ width, height, label, children, caption, body = 'html' }: { width: number; height: number; label: string; children: ReactNode; caption?: ReactNode; body?: 'html' | 'svg' }) {
  return (
    <figure role="img" aria-label={label} className="min-w-0 max-w-full">
      <svg viewBox={`0 0 ${width} ${height}`} className="block h-auto w-full" style={{ maxWidth: `${width}px` }} preserveAspectRatio="xMinYMin meet" aria-hidden="true">
        {body === 'svg' ? (
          children
        ) : (
          <foreignObject x={0} y={0} width={width} height={height}>
            {children}
          </foreignObject>
        )}
      </svg>
      {caption ? <figcaption className="mt-1 text-sm text-slate-700">{caption}</figcaption> : null}
    </figure>
  )
}

/**
 * What a chart with nothing to show draws inside its frame: a 0…4 value axis, a baseline and "No data" in the middle,
 * instead of nivo's collapsed axis (and its `d="null"` paths).
 */
export function EmptyChartBody({ width, height, left = 60, bottom = 36, top = 12, right = 16 }: { width: number; height: number; left?: number; bottom?: number; top?: number; right?: number }) {
  const t = useT()
  const innerH = height - top - bottom
  return (
    <g data-testid="chart-empty">
      {[0, 1, 2, 3, 4].map((v) => {
        const y = top + innerH - (innerH * v) / 4
        return (
          <g key={v}>
            <line x1={left} x2={width - right} y1={y} y2={y} stroke={v === 0 ? '#94a3b8' : '#e2e8f0'} />
            <text x={left - 8} y={y} textAnchor="end" dominantBaseline="central" fontSize={CHART_FONT_SIZE} fill="#334155">
              {v}
            </text>
          </g>
        )
      })}
      <text x={left + (width - left - right) / 2} y={top + innerH / 2} textAnchor="middle" dominantBaseline="central" fontSize={CHART_FONT_SIZE + 3} fontWeight={600} fill="#475569">
        {t('statistics.chart.noData')}
      </text>
    </g>
  )
}

/** True when there is nothing to draw: no values, or all of them missing or zero (nivo would collapse the axis). */
export function isEmptySeries(values: ReadonlyArray<number | null | undefined>): boolean {
  return !values.some((v) => typeof v === 'number' && Number.isFinite(v) && v !== 0)
}

/** How a chart of items lays them out: side by side (`vertical` bars) or a row per item (`horizontal`). */
export type Layout = 'vertical' | 'horizontal'

/**
 * How to draw one bar (or group of bars) per item: side by side while the chart stays at most ~1.25× a portrait tablet's
 * content column wide (so its 15-unit text shows at 12 px or more, see ChartFrame), else as horizontal bars, one row
 * per item, where any number of items stays legible (the chart grows in height instead).
 */
export function itemChartLayout(items: number, perItem: number, rowHeight: number): { layout: Layout; width: number; height?: number } {
  const width = 80 + items * perItem
  if (width <= ITEM_CHART_MAX_WIDTH) return { layout: 'vertical', width: Math.max(400, width) }
  return { layout: 'horizontal', width: 560, height: 48 + items * rowHeight }
}

/** The widest side-by-side item chart (see itemChartLayout). */
export const ITEM_CHART_MAX_WIDTH = 920
