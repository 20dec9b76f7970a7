import { Bar, type BarDatum } from '@nivo/bar'
import { CachedChart } from './cached-chart'

/**
 * A nivo bar chart rendered to SVG on the server: fixed size, no animation, readable without JavaScript. Callers put an
 * accessible data table beside it (charts are never the only carrier of a number).
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
}: {
  data: BarDatum[]
  keys: string[]
  indexBy: string
  width?: number
  height?: number
  colors?: string[]
  label: string
  unit?: string
}) {
  return (
    <figure role="img" aria-label={label} className="overflow-x-auto">
      <CachedChart name="bar" props={{ data, keys, indexBy, width, height, colors, label, unit }}>
        <Bar
          data={data}
          keys={keys}
          indexBy={indexBy}
          width={width}
          height={height}
          margin={{ top: 10, right: 10, bottom: 40, left: 48 }}
          padding={0.3}
          colors={colors ?? ['#1d4ed8', '#f59e0b', '#16a34a', '#dc2626']}
          animate={false}
          enableLabel={false}
          axisBottom={{ tickSize: 0, tickPadding: 8 }}
          axisLeft={{ tickSize: 0, tickPadding: 6, format: (v) => `${v}${unit}` }}
          isInteractive={false}
          role="presentation"
        />
      </CachedChart>
    </figure>
  )
}
