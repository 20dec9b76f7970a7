import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { expect, test } from 'vitest'
import { BarChart } from '~/components/charts/bar-chart'
import { CachedChart } from '~/components/charts/cached-chart'
import { DailySeriesChart, GroupedBarChart, SwatchBarChart } from '~/components/charts/series-chart'

// The browser hydrates the memoised server markup by rendering the chart itself: the two must be byte-identical.
test('a memoised chart writes exactly the markup of rendering it, first time and from the cache', () => {
  const charts = [
    createElement(BarChart, { data: [{ day: 'Mon', good: 3, scrap: 1 }], keys: ['good', 'scrap'], indexBy: 'day', label: 'units', unit: ' u' }),
    createElement(DailySeriesChart, { labels: ['11-01', '11-02', '11-03'], series: [{ id: 'good', color: '#16a34a', values: [1, null, 4] }], label: 'per day' }),
    createElement(SwatchBarChart, { bars: [{ label: 'PLA · White', value: 120, color: '#ffffff' }], label: 'grams', unit: ' g' }),
    createElement(GroupedBarChart, { data: [{ printer: 'P1', jobs: 2, units: 8 }], keys: ['jobs', 'units'], indexBy: 'printer', colors: ['#1d4ed8', '#f59e0b'], label: 'printers' }),
  ]
  for (const chart of charts) {
    const first = renderToString(chart)
    expect(first).toContain('<svg')
    expect(renderToString(chart)).toBe(first)
  }
  // What the client renders for the same wrapper: the chart inline in the same div.
  const inner = createElement(BarChart, { data: [{ day: 'Tue', good: 5 }], keys: ['good'], indexBy: 'day', label: 'x' })
  const viaCache = renderToString(createElement(CachedChart, { name: 'probe', props: { day: 'Tue' }, children: inner }))
  expect(viaCache).toBe(renderToString(createElement('div', { className: 'contents' }, inner)))
})

test('different props are different entries', () => {
  const a = renderToString(createElement(BarChart, { data: [{ d: 'a', v: 1 }], keys: ['v'], indexBy: 'd', label: 'a' }))
  const b = renderToString(createElement(BarChart, { data: [{ d: 'a', v: 2 }], keys: ['v'], indexBy: 'd', label: 'a' }))
  expect(a).not.toBe(b)
})
