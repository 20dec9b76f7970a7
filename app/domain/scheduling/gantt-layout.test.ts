import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { assignLanes, barMinPx, GANTT_ITEM_MIN_PX, groupMinPx, packLane, textWidthPx, type PackInput } from './gantt-layout'

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end

describe('assignLanes', () => {
  test('jobs one after the other share one lane, touching ones included', () => {
    expect(
      assignLanes([
        { start: 0, end: 5 },
        { start: 5, end: 6 },
        { start: 8, end: 9 },
      ]),
    ).toEqual({ lanes: [0, 0, 0], count: 1 })
  })

  test('a second lane only for the job that truly overlaps; the lanes are reused afterwards', () => {
    // b overlaps a; c starts when a ends; d overlaps nothing.
    expect(
      assignLanes([
        { start: 0, end: 5 },
        { start: 4, end: 8 },
        { start: 5, end: 6 },
        { start: 10, end: 11 },
      ]),
    ).toEqual({ lanes: [0, 1, 0, 0], count: 2 })
  })

  test('no jobs: still one lane', () => {
    expect(assignLanes([])).toEqual({ lanes: [], count: 1 })
  })
})

describe('label widths', () => {
  test('a longer order number, Hangul, a lock or a late sign need more room; nothing is narrower than a tap target', () => {
    expect(barMinPx('A')).toBe(GANTT_ITEM_MIN_PX)
    expect(barMinPx('PO-2026-000123')).toBeGreaterThan(barMinPx('PO-1'))
    expect(textWidthPx('주문번호')).toBeGreaterThan(textWidthPx('ABCD'))
    expect(barMinPx('PO-2026-000123', { locked: true })).toBeGreaterThan(barMinPx('PO-2026-000123'))
    expect(barMinPx('PO-2026-000123', { late: true })).toBeGreaterThan(barMinPx('PO-2026-000123'))
    expect(groupMinPx('12 jobs')).toBeGreaterThanOrEqual(GANTT_ITEM_MIN_PX)
  })

  test('estimates err wide: at least 0.6 em per Latin capital or digit and 1 em per Hangul syllable', () => {
    expect(textWidthPx('0123456789', 10)).toBeGreaterThanOrEqual(60)
    expect(textWidthPx('ABCDEFGHIJ', 10)).toBeGreaterThanOrEqual(75)
    expect(textWidthPx('가나다라마', 10)).toBeGreaterThanOrEqual(50)
  })
})

describe('packLane', () => {
  const min = 0.05
  const group = () => 0.06
  const job = (start: number, end: number, m = min): PackInput => ({ start, end, min: m })
  const r = (x: number) => Math.round(x * 1e6) / 1e6
  const pack = (jobs: PackInput[]) => packLane(jobs, group).map((p) => ({ members: p.members, left: r(p.left), width: r(p.width) }))

  test('jobs with room are bars where they are, at least their label wide', () => {
    expect(pack([job(0.1, 0.3), job(0.4, 0.42)])).toEqual([
      { members: [0], left: 0.1, width: 0.2 },
      { members: [1], left: 0.4, width: 0.05 },
    ])
  })

  test('short jobs that would cover each other become one group over their time, at least the group width', () => {
    const packed = pack([job(0.1, 0.11), job(0.115, 0.12), job(0.125, 0.13), job(0.5, 0.7)])
    expect(packed).toEqual([
      { members: [0, 1, 2], left: 0.1, width: 0.06 },
      { members: [3], left: 0.5, width: 0.2 },
    ])
  })

  test('a label wider than the gap to the next job groups the two rather than adding a lane', () => {
    // The first job needs 0.2 for its order number but the next one starts 0.1 later.
    expect(pack([job(0.1, 0.15, 0.2), job(0.2, 0.6)])).toEqual([{ members: [0, 1], left: 0.1, width: 0.5 }])
  })

  test('a short job at the very end is drawn further left, and joins the one before when it then covers it', () => {
    expect(pack([job(0.5, 0.6), job(0.99, 1)])).toEqual([
      { members: [0], left: 0.5, width: 0.1 },
      { members: [1], left: 0.95, width: 0.05 },
    ])
    expect(pack([job(0.9, 0.96), job(0.97, 0.98)])).toEqual([{ members: [0, 1], left: 0.9, width: 0.08 }])
  })

  test('input order does not matter', () => {
    const jobs = [job(0.5, 0.52), job(0.1, 0.3), job(0.53, 0.54)]
    expect(packLane(jobs, group).map((p) => p.members.map((m) => jobs[m].start))).toEqual([[0.1], [0.5, 0.53]])
  })
})

// ---- properties -----------------------------------------------------------------------------------------------------

/** Intervals on a minute grid of a week (some touching, some overlapping, some tiny). */
const intervalsArb = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 900 })).map(([s, d]) => ({ start: s, end: s + d })),
  { maxLength: 40 },
)

/** Non-overlapping intervals in 0…`maxEnd` (one lane), each with its label width (`label` px on a 640 px track). */
const laneArb = (maxEnd = 1, label = { min: 20, max: 150 }) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 300 }), fc.integer(label)), { maxLength: 40 }).map((parts) => {
    const out: PackInput[] = []
    let cursor = 0
    for (const [gap, length, px] of parts) {
      const start = cursor + gap
      const end = start + length
      if (end > maxEnd * 10_000) break
      out.push({ start: start / 10_000, end: end / 10_000, min: px / 640 })
      cursor = end
    }
    return out
  })

describe('properties', () => {
  test('lanes > 1 only where intervals overlap: same-lane intervals never overlap, and a job on lane k overlaps one on every lane below', () => {
    fc.assert(
      fc.property(intervalsArb, (xs) => {
        const { lanes, count } = assignLanes(xs)
        for (let i = 0; i < xs.length; i++) {
          for (let j = i + 1; j < xs.length; j++) if (lanes[i] === lanes[j]) expect(overlaps(xs[i], xs[j])).toBe(false)
          for (let below = 0; below < lanes[i]; below++) expect(xs.some((y, j) => lanes[j] === below && overlaps(xs[i], y))).toBe(true)
        }
        const anyOverlap = xs.some((a, i) => xs.some((b, j) => i < j && overlaps(a, b)))
        if (!anyOverlap) expect(count).toBe(1)
        // As many lanes as jobs overlapping at one instant, no more.
        const depth = Math.max(1, ...xs.map((a) => xs.filter((b) => b.start <= a.start && a.start < b.end).length))
        expect(count).toBe(depth)
      }),
      { numRuns: 300 },
    )
  })

  test('packing a lane: every job in exactly one item, items in order without overlap inside the period, each at least its width, covering its jobs', () => {
    const groupMin = (n: number) => (44 + 4 * n) / 640
    fc.assert(
      fc.property(laneArb(), (jobs) => {
        const packed = packLane(jobs, groupMin)
        expect(packed.flatMap((p) => p.members).sort((a, b) => a - b)).toEqual(jobs.map((_, i) => i))
        for (const [k, p] of packed.entries()) {
          const members = p.members.map((m) => jobs[m])
          const need = p.members.length === 1 ? members[0].min : groupMin(p.members.length)
          expect(p.width).toBeGreaterThanOrEqual(Math.min(1, need) - 1e-9)
          expect(p.left).toBeGreaterThanOrEqual(0)
          expect(p.left + p.width).toBeLessThanOrEqual(1 + 1e-9)
          expect(p.left).toBeLessThanOrEqual(Math.min(...members.map((j) => j.start)) + 1e-9)
          expect(p.left + p.width).toBeGreaterThanOrEqual(Math.max(...members.map((j) => j.end)) - 1e-9)
          if (k > 0) expect(packed[k - 1].left + packed[k - 1].width).toBeLessThanOrEqual(p.left + 1e-9)
        }
      }),
      { numRuns: 300 },
    )
  })

  test('a job long enough for its label, clear of the label of the job before, is never grouped', () => {
    // Labels at least a tap target wide (as barMinPx gives), and nothing pushed back from the end of the period.
    fc.assert(
      fc.property(laneArb(0.7, { min: 48, max: 150 }), (jobs) => {
        const packed = packLane(jobs, () => 48 / 640)
        const sorted = [...jobs].sort((a, b) => a.start - b.start)
        for (const [i, j] of sorted.entries()) {
          const prevEnd = i > 0 ? Math.max(sorted[i - 1].end, sorted[i - 1].start + sorted[i - 1].min) : 0
          const nextStart = i + 1 < sorted.length ? sorted[i + 1].start : 1
          const roomy = j.end - j.start >= j.min && j.start >= prevEnd && j.end <= nextStart
          if (roomy) expect(packed.find((p) => p.members.some((m) => jobs[m] === j))!.members).toHaveLength(1)
        }
      }),
      { numRuns: 300 },
    )
  })
})
