import { Line, type LineCustomSvgLayerProps, type LineSeries } from '@nivo/line'
import { CHART_THEME, ChartFrame, EmptyChartBody } from './chart-frame'
import { bottomAxis, STATIC_LINE } from './line-chart'

/** One coloured band of a state timeline. */
export interface StateBand {
  row: number
  from: number
  to: number
  state: number
}

type Series = LineSeries & { data: readonly { x: number; y: number }[] }

/**
 * A state timeline (one row per series, coloured bands over time) as a nivo SVG chart rendered on the server: the axes
 * come from nivo, the bands from a custom layer. A band narrower than 2 px is drawn 2 px wide so a short recording far
 * from the others stays visible.
 */
export function StateTimeline({
  rows,
  bands,
  colors,
  from,
  to,
  label,
  formatX,
  width = 880,
  rowHeight = 30,
}: {
  rows: string[]
  bands: StateBand[]
  colors: Record<number, string>
  from: number
  to: number
  label: string
  formatX: (ms: number) => string
  width?: number
  rowHeight?: number
}) {
  const margin = { top: 8, right: 16, bottom: 36, left: 120 }
  const height = margin.top + margin.bottom + Math.max(1, rows.length) * rowHeight
  const span = to > from ? to : from + 1
  // Two invisible points give nivo the x and y domains; the bands are drawn by the layer.
  const data: Series[] = [{ id: 'domain', data: [{ x: from, y: 0 }, { x: span, y: rows.length }] }]
  function Bands({ xScale, innerHeight }: LineCustomSvgLayerProps<Series>) {
    const h = innerHeight / Math.max(1, rows.length)
    return (
      <g>
        {rows.map((r, i) => (
          <rect key={r} x={0} y={i * h} width={xScale(span as never)} height={h} fill={i % 2 ? '#f8fafc' : '#f1f5f9'} />
        ))}
        {bands.map((b, i) => {
          const x1 = xScale(b.from as never)
          const x2 = xScale(b.to as never)
          return <rect key={i} x={x1} y={b.row * h + 3} width={Math.max(2, x2 - x1)} height={h - 6} fill={colors[b.state]} data-state={b.state} />
        })}
      </g>
    )
  }
  if (rows.length === 0) {
    return (
      <ChartFrame width={width} height={height} label={label} body="svg">
        <EmptyChartBody width={width} height={height} {...margin} />
      </ChartFrame>
    )
  }
  return (
    <ChartFrame width={width} height={height} label={label}>
      <Line<Series>
        data={data}
        width={width}
        height={height}
        margin={margin}
        theme={CHART_THEME}
        xScale={{ type: 'linear', min: from, max: span }}
        yScale={{ type: 'linear', min: 0, max: Math.max(1, rows.length), reverse: true }}
        {...STATIC_LINE}
        enableGridY={false}
        axisBottom={bottomAxis(from, span, formatX)}
        axisLeft={{ tickSize: 0, tickPadding: 8, tickValues: rows.map((_, i) => i + 0.5), format: (v) => rows[Math.floor(Number(v))] ?? '' }}
        layers={[Bands, 'axes']}
      />
    </ChartFrame>
  )
}
