import { Line, type LineCustomSvgLayerProps, type LineSeries, type LineSvgLayer } from '@nivo/line'
import type { ReactNode } from 'react'
import { CHART_FONT_SIZE, CHART_THEME, ChartFrame, EmptyChartBody } from './chart-frame'

/** A horizontal band behind the lines (e.g. an ISO zone): y from..to, filled. */
export interface YBand {
  from: number
  to: number
  color: string
  label: string
}

/** A vertical marker (e.g. an order line in a spectrum). */
export interface XMarker {
  value: number
  label: string
}

type Series = LineSeries & { data: readonly { x: number; y: number }[] }

/** Evenly spaced tick values over [min, max] (nivo's own "nice" ticks are meaningless for epoch milliseconds). */
function evenTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min]
  return Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1))
}

/** What makes a nivo line chart static: no points, no vertical grid, no animation, no interaction (server-rendered SVG). */
export const STATIC_LINE = { enablePoints: false, enableGridX: false, animate: false, isInteractive: false, role: 'presentation' } as const

/** A bottom axis over [min, max] with evenly spaced, formatted ticks. */
export function bottomAxis(min: number, max: number, format: (v: number) => string, ticks?: number[]) {
  return { tickSize: 4, tickPadding: 6, tickValues: ticks ?? evenTicks(min, max), format: (v: unknown) => format(Number(v)) }
}

/**
 * A nivo line chart rendered to SVG on the server: fixed size, no animation, no interaction — readable without
 * JavaScript. Optional y-bands drawn behind the lines (zones) and x-markers (orders). Callers put the numbers in a table
 * beside it (charts are never the only carrier of a number).
 */
export function LineChart({
  series,
  label,
  width = 720,
  height = 260,
  colors = ['#1d4ed8', '#f59e0b', '#16a34a', '#dc2626', '#7c3aed', '#0891b2'],
  formatX = (v) => String(v),
  formatY = (v) => String(v),
  xTicks,
  xLegend,
  yLegend,
  yMin = 'auto',
  yMax = 'auto',
  bands = [],
  markers = [],
  legend,
}: {
  series: Series[]
  label: string
  width?: number
  height?: number
  colors?: string[]
  formatX?: (v: number) => string
  formatY?: (v: number) => string
  xTicks?: number[]
  xLegend?: string
  yLegend?: string
  yMin?: number | 'auto'
  yMax?: number | 'auto'
  bands?: YBand[]
  markers?: XMarker[]
  legend?: ReactNode
}) {
  // A series without points would draw a path of nothing (d="null"): it is left out.
  const drawn = series.filter((s) => s.data.some((d) => Number.isFinite(Number(d.x)) && Number.isFinite(Number(d.y))))
  const xs = drawn.flatMap((s) => s.data.map((d) => Number(d.x)))
  const xMin = xs.length ? Math.min(...xs) : 0
  const xMax = xs.length ? Math.max(...xs) : 1
  function Bands({ innerWidth, yScale }: LineCustomSvgLayerProps<Series>) {
    return (
      <g>
        {bands.map((b) => {
          const y1 = yScale(b.to as never)
          const y2 = yScale(b.from as never)
          return <rect key={b.label} x={0} y={Math.min(y1, y2)} width={innerWidth} height={Math.abs(y2 - y1)} fill={b.color} opacity={0.35} />
        })}
        {bands.map((b) => (
          <text key={`t-${b.label}`} x={innerWidth - 4} y={yScale(b.to as never) + 12} textAnchor="end" fontSize={CHART_FONT_SIZE - 2} fill="#334155">
            {b.label}
          </text>
        ))}
      </g>
    )
  }
  const layers: LineSvgLayer<Series>[] = [...(bands.length ? [Bands] : []), 'grid', 'markers', 'axes', 'lines', 'points']
  const margin = { top: markers.length ? 26 : 12, right: 16, bottom: xLegend ? 56 : 36, left: yLegend ? 72 : 60 }
  if (drawn.length === 0) {
    return (
      <ChartFrame width={width} height={height} label={label} caption={legend} body="svg">
        <EmptyChartBody width={width} height={height} {...margin} />
      </ChartFrame>
    )
  }
  return (
    <ChartFrame width={width} height={height} label={label} caption={legend}>
      <Line<Series>
        data={drawn}
        width={width}
        height={height}
        margin={margin}
        theme={CHART_THEME}
        xScale={{ type: 'linear', min: xMin, max: xMax }}
        yScale={{ type: 'linear', min: yMin, max: yMax }}
        curve="linear"
        colors={colors}
        lineWidth={1.5}
        {...STATIC_LINE}
        axisBottom={{ ...bottomAxis(xMin, xMax, formatX, xTicks), legend: xLegend, legendOffset: 40, legendPosition: 'middle' }}
        axisLeft={{ tickSize: 4, tickPadding: 6, tickValues: 5, format: (v) => formatY(Number(v)), legend: yLegend, legendOffset: -62, legendPosition: 'middle' }}
        markers={markers.map((m) => ({
          axis: 'x' as const,
          value: m.value,
          legend: m.label,
          legendPosition: 'top' as const,
          lineStyle: { stroke: '#64748b', strokeWidth: 1, strokeDasharray: '3 3' },
          textStyle: { fontSize: CHART_FONT_SIZE - 2, fill: '#334155' },
        }))}
        layers={layers}
      />
    </ChartFrame>
  )
}
