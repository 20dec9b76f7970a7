import fc from 'fast-check'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { GanttGrid } from '~/components/schedule/gantt'
import { esc, ganttGridHtml } from '~/components/schedule/gantt-html'
import type { BoardData, BoardItem, BoardRow } from '~/domain/scheduling/gantt-board'
import { translator, type Locale } from '~/i18n'

/**
 * The server sends the planning board's grid as a string (gantt-html.ts) and the browser hydrates <GanttGrid> against
 * it: the two must be the same bytes for every board, or hydration would patch (or mis-hydrate) thousands of bars.
 */

const render = (board: BoardData, locale: Locale) => renderToString(createElement(GanttGrid, { board, t: translator(locale), locale }))

// Text a shop types: Korean, quotes, ampersands, angle brackets, spaces at the ends.
const text = fc.oneof(fc.constantFrom('', 'PLA 화이트', `A&B "x" <y> 'z'`, '  trimmed  ', '브래킷 #3', '<script>'), fc.string({ maxLength: 12 }))
const pct = fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 0, max: 100 }), fc.constantFrom(0, 12.5, 33.333333333333336))
const status = fc.constantFrom('planned', 'printing', 'done', 'failed', 'cancelled' as const)
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
const uuid = fc.uuid()
const flat = fc.array(fc.tuple(pct, pct), { maxLength: 4 }).map((ps) => ps.flat())

const item: fc.Arbitrary<BoardItem> = fc.oneof(
  fc.record({
    l: pct,
    w: pct,
    n: maybe(fc.integer({ min: 1, max: 3 })),
    b: fc.record({ id: uuid, r: text, p: text, u: fc.integer({ min: 0, max: 500 }), st: status, lk: maybe(fc.constant(1 as const)), late: maybe(fc.constant(1 as const)), hx: maybe(fc.constantFrom('#ff0000', '#111111', '')), s: fc.integer({ min: -600, max: 20_000 }), e: fc.integer({ min: 0, max: 20_000 }), v: maybe(fc.integer({ min: 1, max: 99 })) }),
  }),
  fc.record({
    l: pct,
    w: pct,
    n: maybe(fc.integer({ min: 1, max: 3 })),
    g: fc.record({ c: fc.integer({ min: 2, max: 40 }), r: text, st: status, late: maybe(fc.constant(1 as const)), s: fc.integer({ min: 0, max: 10_000 }), e: fc.integer({ min: 0, max: 10_000 }) }),
  }),
) as fc.Arbitrary<BoardItem>

const row: fc.Arbitrary<BoardRow> = fc.record({
  id: uuid,
  label: text,
  status: fc.constantFrom('active', 'maintenance', 'retired'),
  lanes: fc.integer({ min: 1, max: 3 }),
  off: flat,
  mnt: flat,
  items: fc.array(item, { maxLength: 6 }),
})

const board: fc.Arbitrary<BoardData> = fc.record({
  zoom: fc.constantFrom('day', '3d', 'week' as const),
  start: fc.constantFrom('2026-12-07', '2027-01-01'),
  from: fc.constant(Date.UTC(2026, 11, 6, 15)),
  to: fc.constant(Date.UTC(2026, 11, 13, 15)),
  days: fc.array(fc.record({ date: fc.constantFrom('2026-12-07', '2026-12-08', '2027-02-28'), l: pct, w: pct }), { maxLength: 7 }),
  ticks: fc.array(fc.record({ l: pct, h: fc.integer({ min: 0, max: 23 }) }), { maxLength: 8 }),
  now: fc.option(pct, { nil: null }),
  rows: fc.array(row, { maxLength: 5 }),
}) as fc.Arbitrary<BoardData>

describe('planning board markup built as a string', () => {
  test('is byte for byte what React renders, for any board, in Korean and English', () => {
    fc.assert(
      fc.property(board, fc.constantFrom<Locale>('ko', 'en'), (b, locale) => {
        expect(ganttGridHtml(b, translator(locale), locale)).toBe(render(b, locale))
      }),
      { numRuns: 400 },
    )
  })

  test('escapes what a shop types the way React does', () => {
    expect(esc(`A&B "x" <y> 'z'`)).toBe('A&amp;B &quot;x&quot; &lt;y&gt; &#x27;z&#x27;')
    const b: BoardData = {
      zoom: 'week',
      start: '2026-12-07',
      from: 0,
      to: 7 * 86_400_000,
      days: [{ date: '2026-12-07', l: 0, w: 100 }],
      ticks: [],
      now: null,
      rows: [{ id: '00000000-0000-4000-8000-000000000001', label: '<b>P1</b>', status: 'active', lanes: 1, off: [], mnt: [], items: [{ l: 1, w: 2, b: { id: 'j', r: 'R-1', p: '"Cap" & <Lid>', u: 3, st: 'planned', s: 0, e: 60 } }] }],
    }
    const html = ganttGridHtml(b, translator('en'), 'en')
    expect(html).not.toContain('<b>P1</b>')
    expect(html).toContain('&lt;b&gt;P1&lt;/b&gt;')
    expect(html).toContain('&quot;Cap&quot; &amp; &lt;Lid&gt;')
    expect(html).toBe(render(b, 'en'))
  })
})
