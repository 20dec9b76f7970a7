import { Bar, type BarDatum } from '@nivo/bar'
import { CachedChart } from './cached-chart'
import { CHART_THEME, ChartFrame, EmptyChartBody, isEmptySeries, type Layout } from './chart-frame'

type ValueAxis = { tickSize: number; tickPadding: number; tickValues: number; format?: (v: string | number) => string }

/**
 * What a bar chart of items changes with its layout (BarChart, GroupedBarChart): `horizontal` gives a row per item with
 * the first at the top (nivo draws a horizontal chart's first item at the bottom), the value axis along the bottom and
 * room on the left for the items' names.
 */
export function itemBarLayout(layout: Layout, data: BarDatum[], valueAxis: ValueAxis) {
  const horizontal = layout === 'horizontal'
  const indexAxis = { tickSize: 0, tickPadding: 8 }
  return {
    data: horizontal ? [...data].reverse() : data,
    layout,
    margin: horizontal ? { top: 8, right: 16, bottom: 36, left: 90 } : { top: 10, right: 10, bottom: 40, left: 56 },
    axisBottom: horizontal ? valueAxis : indexAxis,
    axisLeft: horizontal ? indexAxis : valueAxis,
  }
}

/**
 * A nivo bar chart rendered to SVG on the server: no animation, readable without JavaScript, scaled to the width it
 * gets (ChartFrame). Callers put an accessible data table beside it (charts are never the only carrier of a number).
 * Nothing to show (no rows, or every value 0) → "No data" over a 0…4 axis.
 */
export function BarChart({
  data,
  keys,
  indexBy,
  width = 560,
  height = 240,
  colors,
  label,
  unit = '',
  layout = 'vertical',
}: {
  data: BarDatum[]
  keys: string[]
  indexBy: string
  width?: number
  height?: number
  colors?: string[]
  label: string
  unit?: string
  /** `horizontal`: one row per item, the first at the top (many items: see itemChartLayout). */
  layout?: Layout
}) {
  const valueAxis = { tickSize: 0, tickPadding: 6, tickValues: 5, format: (v: string | number) => `${v}${unit}` }
  const empty = isEmptySeries(data.flatMap((d) => keys.map((k) => Number(d[k]))))
  if (empty) {
    return (
      <ChartFrame width={width} height={height} label={label} body="svg">
        <EmptyChartBody width={width} height={height} left={56} bottom={40} top={10} right={10} />
      </ChartFrame>
    )
  }
  return (
    <ChartFrame width={width} height={height} label={label}>
      <CachedChart name="bar" compact props={{ data, keys, indexBy, width, height, colors, label, unit, layout }}>
        <Bar
          {...itemBarLayout(layout, data, valueAxis)}
          keys={keys}
          indexBy={indexBy}
          width={width}
          height={height}
          padding={0.3}
          colors={colors ?? ['#1d4ed8', '#f59e0b', '#16a34a', '#dc2626']}
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
