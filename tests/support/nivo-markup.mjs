/**
 * Prints, as JSON, the server markup of every kind of nivo chart the app draws (the props of app/components/charts/*,
 * with data like a shop's): run once with plain Node and once with `--import ./server/static-spring-register.mjs`, the
 * two outputs must be identical (tests/unit/react-spring-static.test.ts). Plain ESM so Node resolves nivo itself, as
 * the production server does.
 */
import { Bar } from '@nivo/bar'
import { Line } from '@nivo/line'
import { createElement as h } from 'react'
import { renderToString } from 'react-dom/server'

const theme = { text: { fontSize: 15, fill: '#334155' }, axis: { ticks: { text: { fontSize: 15, fill: '#334155' } }, legend: { text: { fontSize: 15, fill: '#334155' } } } }
const still = { animate: false, isInteractive: false, role: 'presentation', theme }
const printers = Array.from({ length: 50 }, (_, i) => ({ printer: `L-${String(i + 1).padStart(3, '0')}`, pct: Math.round(((i * 7.31) % 17) * 10) / 10, jobs: i % 9, units: (i * 3) % 29 }))
const bars = [
  { label: 'PLA White', value: 120.5, color: '#ffffff' },
  { label: 'PETG Black', value: 33.25, color: 'black' },
  { label: 'ASA Coral', value: 0.1, color: '#f97316' },
]
const days = ['12-01', '12-02', '12-03', '12-04', '12-05']
const layerBands = ({ innerWidth, yScale }) => h('g', null, h('rect', { x: 0, y: yScale(2), width: innerWidth, height: 20, fill: '#dcfce7', opacity: 0.35 }))

const charts = {
  bar: h(Bar, { ...still, data: printers, keys: ['pct'], indexBy: 'printer', width: 1880, height: 240, margin: { top: 10, right: 10, bottom: 40, left: 56 }, padding: 0.3, colors: ['#1d4ed8'], enableLabel: false, axisBottom: { tickSize: 0, tickPadding: 8 }, axisLeft: { tickSize: 0, tickPadding: 6, tickValues: 5, format: (v) => `${v}%` } }),
  grouped: h(Bar, { ...still, data: printers, keys: ['jobs', 'units'], indexBy: 'printer', groupMode: 'grouped', width: 1880, height: 240, margin: { top: 10, right: 10, bottom: 40, left: 56 }, padding: 0.25, innerPadding: 2, colors: ['#f59e0b', '#16a34a'], enableLabel: false, axisBottom: { tickSize: 0, tickPadding: 8 }, axisLeft: { tickSize: 0, tickPadding: 6, tickValues: 5 } }),
  swatchHorizontal: h(Bar, { ...still, data: bars, keys: ['value'], indexBy: 'label', layout: 'horizontal', width: 440, height: 148, margin: { top: 8, right: 16, bottom: 32, left: 170 }, padding: 0.25, colors: (b) => String(b.data.color), borderWidth: 1, borderColor: '#94a3b8', enableLabel: false, axisBottom: { tickSize: 0, tickPadding: 6, tickValues: 4, format: (v) => `${v} g` }, axisLeft: { tickSize: 0, tickPadding: 8 } }),
  swatchVertical: h(Bar, { ...still, data: bars, keys: ['value'], indexBy: 'label', width: 400, height: 240, margin: { top: 10, right: 10, bottom: 60, left: 56 }, padding: 0.25, colors: (b) => String(b.data.color), borderWidth: 1, borderColor: '#94a3b8', enableLabel: false, axisBottom: { tickSize: 0, tickPadding: 8, tickRotation: -30 }, axisLeft: { tickSize: 0, tickPadding: 6, tickValues: 5 } }),
  labelled: h(Bar, { ...still, data: bars, keys: ['value'], indexBy: 'label', width: 400, height: 200, colors: { scheme: 'nivo' }, enableLabel: true }),
  daily: h(Line, { ...still, data: [{ id: 'good', data: days.map((x, i) => ({ x, y: [697, 130, null, 3, 0][i] })) }, { id: 'scrap', data: days.map((x, i) => ({ x, y: [177, 40, 0, 1, 2][i] })) }], width: 480, height: 240, margin: { top: 12, right: 32, bottom: 36, left: 56 }, xScale: { type: 'point' }, yScale: { type: 'linear', min: 0, max: 'auto' }, curve: 'linear', colors: ['#16a34a', '#dc2626'], lineWidth: 2, pointSize: 5, enableGridX: false, axisBottom: { tickSize: 0, tickPadding: 8, tickValues: days }, axisLeft: { tickSize: 0, tickPadding: 6, tickValues: 5, format: (v) => `${v}%` } }),
  vibration: h(Line, { ...still, data: [{ id: 'rms', data: Array.from({ length: 40 }, (_, i) => ({ x: i * 0.25, y: Math.sin(i / 3) + 1.5 })) }], width: 720, height: 260, margin: { top: 26, right: 16, bottom: 56, left: 72 }, xScale: { type: 'linear', min: 0, max: 9.75 }, yScale: { type: 'linear', min: 'auto', max: 'auto' }, curve: 'linear', colors: ['#1d4ed8'], lineWidth: 1.5, enablePoints: false, enableGridX: false, axisBottom: { tickSize: 4, tickValues: [0, 2.5, 5, 7.5], legend: 's', legendOffset: 40, legendPosition: 'middle' }, axisLeft: { tickSize: 4, tickPadding: 6, tickValues: 5, legend: 'mm/s', legendOffset: -62, legendPosition: 'middle' }, markers: [{ axis: 'x', value: 5, legend: 'start', legendPosition: 'top', lineStyle: { stroke: '#64748b', strokeWidth: 1, strokeDasharray: '3 3' }, textStyle: { fontSize: 13, fill: '#334155' } }], layers: [layerBands, 'grid', 'markers', 'axes', 'lines', 'points'] }),
  timeline: h(Line, { ...still, data: [{ id: 'domain', data: [{ x: 0, y: 0 }, { x: 100, y: 3 }] }], width: 880, height: 134, margin: { top: 8, right: 16, bottom: 36, left: 120 }, xScale: { type: 'linear', min: 0, max: 100 }, yScale: { type: 'linear', min: 0, max: 3, reverse: true }, enablePoints: false, enableGridX: false, enableGridY: false, axisBottom: { tickValues: [0, 50, 100] }, axisLeft: { tickSize: 0, tickPadding: 8, tickValues: [0.5, 1.5, 2.5], format: (v) => ['A', 'B', 'C'][Math.floor(v)] }, layers: [layerBands, 'axes'] }),
}

const out = { staticSpring: globalThis[Symbol.for('mes.staticSpring')] === true, charts: {} }
for (const [name, chart] of Object.entries(charts)) out.charts[name] = renderToString(chart)
process.stdout.write(JSON.stringify(out))
