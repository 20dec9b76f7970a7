import fs from 'node:fs'
import { createElement, type ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { afterEach, expect, test, vi } from 'vitest'
import { BarChart } from '~/components/charts/bar-chart'
import { CachedChart } from '~/components/charts/cached-chart'
import { compactSvg } from '~/components/charts/compact-svg'
import { chartMarkup } from '~/components/charts/markup-cache.server'
import { DailySeriesChart, GroupedBarChart, SwatchBarChart } from '~/components/charts/series-chart'

/**
 * The compact chart markup (issue 20, documents ≤ 150 KB) draws what nivo's markup draws: the same elements in the same
 * order (less the zero-length tick lines), the same text, every coordinate within a twentieth of a chart unit, the same
 * colours; each class it adds is defined in app/styles.css.
 */

const printers = Array.from({ length: 50 }, (_, i) => ({ printer: `L-${String(i + 1).padStart(3, '0')}`, pct: Math.round(((i * 7.31) % 17) * 10) / 10 }))
const charts: Array<[string, ReactElement]> = [
  ['bar', createElement(BarChart, { data: printers, keys: ['pct'], indexBy: 'printer', label: 'utilisation', unit: '%', colors: ['#1d4ed8'], width: 1880 })],
  ['line', createElement(DailySeriesChart, { labels: ['12-01', '12-02', '12-03', '12-04'], series: [{ id: 'good', color: '#16a34a', values: [697, 130, null, 3] }, { id: 'scrap', color: '#dc2626', values: [177, 40, 0, 1] }], label: 'per day' })],
  ['swatch', createElement(SwatchBarChart, { bars: [{ label: 'PLA White', value: 120.5, color: '#ffffff' }, { label: 'PETG Black', value: 33.25, color: '#111111' }], label: 'grams', unit: ' g', layout: 'horizontal' })],
  ['grouped', createElement(GroupedBarChart, { data: printers.map((p, i) => ({ printer: p.printer, jobs: i % 9, units: (i * 3) % 29 })), keys: ['jobs', 'units'], indexBy: 'printer', colors: ['#f59e0b', '#16a34a'], label: 'printers', width: 1880 })],
]

interface Tag {
  name: string
  attrs: Map<string, string>
}

function tags(html: string): Tag[] {
  return [...html.matchAll(/<([a-zA-Z]+)([^>]*)>/g)].map((m) => ({ name: m[1], attrs: new Map([...m[2].matchAll(/ ([a-zA-Z0-9-:]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])) }))
}

const text = (html: string) => html.replace(/<[^>]+>/g, '|')
const numbers = (s: string) => (s.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number)
const isZeroTick = (t: Tag) => t.name === 'line' && ['x1', 'x2', 'y1', 'y2'].every((k) => t.attrs.get(k) === '0')

/** What a removed attribute or class stood for, as the attributes nivo wrote. */
const CLASS_ATTRS: Record<string, Record<string, string>> = {
  ct: { style: 'font-family:sans-serif;font-size:15px;fill:#334155' },
  'b-te': { 'dominant-baseline': 'text-before-edge' },
  'b-c': { 'dominant-baseline': 'central' },
  'a-m': { 'text-anchor': 'middle' },
  'a-e': { 'text-anchor': 'end' },
  'a-s': { 'text-anchor': 'start' },
  cg: { stroke: '#dddddd', 'stroke-width': '1' },
}

const hex = (v: string) => v.replace(/rgba\((\d+), (\d+), (\d+), 1\)/g, (_, r, g, b) => `#${[r, g, b].map((n: string) => Number(n).toString(16).padStart(2, '0')).join('')}`)

/** nivo's own markup of a chart: rendered the way the browser renders it after a navigation (no server memo). */
function nivoMarkup(chart: ReactElement): string {
  vi.stubGlobal('document', { querySelector: () => null })
  vi.stubGlobal('CSS', { escape: (s: string) => s })
  try {
    return renderToString(chart)
  } finally {
    vi.unstubAllGlobals()
  }
}

for (const [name, chart] of charts) {
  test(`${name}: the compact markup draws the same chart in far fewer bytes`, () => {
    const full = nivoMarkup(chart)
    expect(full).not.toContain('data-chart=')
    const compact = compactSvg(full)
    expect(compact.length).toBeLessThan(full.length * 0.6)
    expect(text(compact.replace(/<line x1="0" x2="0" y1="0" y2="0"[^>]*><\/line>/g, ''))).toBe(text(full.replace(/<line x1="0" x2="0" y1="0" y2="0"[^>]*><\/line>/g, '')))
    const before = tags(full).filter((t) => !isZeroTick(t))
    const after = tags(compact)
    expect(after.map((t) => t.name)).toEqual(before.map((t) => t.name))
    before.forEach((b, i) => {
      const a = after[i]
      // Expand the classes the compactor added back into the attributes they replace.
      const expanded = new Map(a.attrs)
      const added = (a.attrs.get('class') ?? '').split(' ').filter((c) => c in CLASS_ATTRS)
      for (const c of added) for (const [k, v] of Object.entries(CLASS_ATTRS[c])) expanded.set(k, v)
      if (added.length > 0 && !b.attrs.has('class')) expanded.delete('class')
      for (const [k, v] of b.attrs) {
        const dropped = !expanded.has(k)
        if (dropped) {
          // Only defaults and things that draw nothing may go.
          const ok =
            (k === 'opacity' && v === '1') ||
            (k === 'style' && (v === 'opacity:1' || v === 'pointer-events:none')) ||
            k === 'focusable' ||
            ((k === 'rx' || k === 'ry') && v === '0') ||
            (k === 'stroke-width' && v === '0') ||
            (k === 'stroke' && b.attrs.get('stroke-width') === '0') ||
            (k === 'data-testid' && /^(bar|line)\./.test(v))
          expect(ok, `${b.name} ${k}="${v}" dropped`).toBe(true)
          continue
        }
        const w = expanded.get(k)!
        const [nb, na] = [numbers(hex(v.replace(/ rotate\(0\)/g, ''))), numbers(w)]
        expect(na.length, `${b.name} ${k}: ${v} → ${w}`).toBe(nb.length)
        na.forEach((n, j) => expect(Math.abs(n - nb[j]), `${b.name} ${k}: ${v} → ${w}`).toBeLessThanOrEqual(0.05 + 1e-9))
        expect(w.replace(/-?\d+(?:\.\d+)?/g, '#'), `${b.name} ${k}`).toBe(hex(v.replace(/ rotate\(0\)/g, '')).replace(/-?\d+(?:\.\d+)?/g, '#'))
      }
      expect((a.attrs.get('class') ?? '').length === 0 || !/ class="[^"]*" [^>]*class=/.test(compact)).toBe(true)
    })
  })
}

test('every class the compact markup uses is defined in app/styles.css, and no tag gets two class attributes', () => {
  const css = fs.readFileSync('app/styles.css', 'utf8')
  for (const [, chart] of charts) {
    const compact = compactSvg(nivoMarkup(chart))
    expect(compact).not.toMatch(/<[^>]* class="[^"]*"[^>]* class="/)
    for (const t of tags(compact)) for (const c of (t.attrs.get('class') ?? '').split(' ').filter((x) => x in CLASS_ATTRS)) expect(css).toMatch(new RegExp(`\\.${c}[ .{,]`))
  }
})

test('text between tags is never changed, even when it looks like a number or a colour', () => {
  const html = '<svg><text x="1.23456" style="font-family:sans-serif;font-size:15px;fill:#334155">12.3456 rgba(1, 2, 3, 1) opacity="1"</text></svg>'
  expect(compactSvg(html)).toBe('<svg><text x="1.2" class="ct">12.3456 rgba(1, 2, 3, 1) opacity="1"</text></svg>')
  // A label in another style keeps its placement as attributes.
  expect(compactSvg('<text text-anchor="end" style="font-size:11px" opacity="1">x</text>')).toBe('<text text-anchor="end" style="font-size:11px">x</text>')
  // Opacities and colours with an alpha below 1 keep their decimals.
  expect(compactSvg('<rect fill-opacity="0.35" fill="rgba(1, 2, 3, 0.25)"></rect>')).toBe('<rect fill-opacity="0.35" fill="rgba(1, 2, 3, 0.25)"></rect>')
})

afterEach(() => {
  vi.unstubAllEnvs()
})

test('a compact chart on the server: its div carries an id for the browser to keep it, its SVG is compact', () => {
  const inner = createElement('svg', null, createElement('line', { x1: 0, x2: 1.23456, opacity: 1 }))
  const html = renderToString(createElement(CachedChart, { name: 'probe-compact', compact: true, props: { n: 1 }, children: inner }))
  expect(html).toMatch(/^<div class="contents" data-chart=":[^"]+:"><svg><line x1="0" x2="1.2"><\/line><\/svg><\/div>$/)
})

test('READ_CACHE=0 turns the markup memo off: every render draws the chart again', () => {
  let renders = 0
  const Probe = () => {
    renders++
    return createElement('svg', null, String(renders))
  }
  vi.stubEnv('READ_CACHE', '0')
  chartMarkup('probe-cold', createElement(Probe))
  chartMarkup('probe-cold', createElement(Probe))
  expect(renders).toBe(2)
  vi.stubEnv('READ_CACHE', '1')
  chartMarkup('probe-warm', createElement(Probe))
  expect(chartMarkup('probe-warm', createElement(Probe))).toBe('<svg>3</svg>')
  expect(renders).toBe(3)
})
