import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { clashAt, dragTarget, DRAG_STEP_MIN, keyTarget, percentAt, resizeKeyTarget, resizeTarget, snapMinutes } from './gantt-drag'

const WEEK = 7 * 24 * 60
const DAY = 24 * 60

describe('dragTarget', () => {
  test('a drag of a quarter of a day track moves a job six hours, snapped to the day zoom step', () => {
    // 20:00–23:30 dragged 200 px left on an 800 px day track (−6 h) → 14:00–17:30.
    expect(dragTarget({ s: 1200, e: 1410, row: 2, dx: -200, dRows: 0, trackPx: 800, periodMin: DAY, step: DRAG_STEP_MIN.day, rows: 5 })).toEqual({ row: 2, s: 840, e: 1050 })
  })

  test('the start snaps to the nearest step and the length never changes', () => {
    // +7 px of 800 on a day ≈ 12.6 min → one 15-minute step.
    expect(dragTarget({ s: 600, e: 640, row: 0, dx: 7, dRows: 0, trackPx: 800, periodMin: DAY, step: 15, rows: 1 })).toEqual({ row: 0, s: 615, e: 655 })
    // A job that started off the grid (09:07) lands on it.
    expect(dragTarget({ s: 547, e: 600, row: 0, dx: 0, dRows: 0, trackPx: 800, periodMin: DAY, step: 15, rows: 1 }).s).toBe(540)
  })

  test('stays on the board: the start inside the period, the row among the rows', () => {
    expect(dragTarget({ s: 60, e: 120, row: 0, dx: -5000, dRows: -3, trackPx: 800, periodMin: DAY, step: 15, rows: 4 })).toEqual({ row: 0, s: 0, e: 60 })
    expect(dragTarget({ s: 60, e: 120, row: 1, dx: 5000, dRows: 9, trackPx: 800, periodMin: DAY, step: 15, rows: 4 })).toEqual({ row: 3, s: 1425, e: 1485 })
  })

  test('property: the start is a step multiple inside the period, the length is kept, the row is on the board', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(DRAG_STEP_MIN)),
        fc.integer({ min: -2000, max: WEEK }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: -3000, max: 3000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: -70, max: 70 }),
        (step, s, len, dx, rows, dRows) => {
          const t = dragTarget({ s, e: s + len, row: 0, dx, dRows, trackPx: 900, periodMin: WEEK, step, rows })
          expect(t.s % step).toBe(0)
          expect(t.s).toBeGreaterThanOrEqual(0)
          expect(t.s).toBeLessThan(WEEK)
          expect(t.e - t.s).toBe(len)
          expect(t.row).toBeGreaterThanOrEqual(0)
          expect(t.row).toBeLessThan(rows)
        },
      ),
    )
  })
})

describe('keyTarget', () => {
  const o = { step: 60, periodMin: WEEK, rows: 3 }
  test('left and right move one step, up and down one printer; other keys do nothing', () => {
    const t = { row: 1, s: 600, e: 700 }
    expect(keyTarget(t, 'ArrowRight', o)).toEqual({ row: 1, s: 660, e: 760 })
    expect(keyTarget(t, 'ArrowLeft', o)).toEqual({ row: 1, s: 540, e: 640 })
    expect(keyTarget(t, 'ArrowUp', o)).toEqual({ row: 0, s: 600, e: 700 })
    expect(keyTarget(t, 'ArrowDown', o)).toEqual({ row: 2, s: 600, e: 700 })
    expect(keyTarget(t, 'a', o)).toBeNull()
  })

  test('a start off the grid moves to the neighbouring step, not a full step beyond it', () => {
    expect(keyTarget({ row: 0, s: 610, e: 650 }, 'ArrowRight', o)!.s).toBe(660)
    expect(keyTarget({ row: 0, s: 610, e: 650 }, 'ArrowLeft', o)!.s).toBe(600)
  })

  test('never leaves the board', () => {
    expect(keyTarget({ row: 0, s: 0, e: 60 }, 'ArrowLeft', o)).toEqual({ row: 0, s: 0, e: 60 })
    expect(keyTarget({ row: 2, s: 0, e: 60 }, 'ArrowDown', o)!.row).toBe(2)
  })
})

describe('clashAt', () => {
  // Off hours 00:00–08:00 (33.33 %) of a day; maintenance 12:00–13:00 (50 %, 4.1667 %).
  const row = { jobs: [{ s: 900, e: 960 }], off: [0, 33.3333], mnt: [50, 4.1667] }
  test('names what the target would run into: another job first, then maintenance, then off hours', () => {
    expect(clashAt({ s: 930, e: 990 }, row, DAY)).toBe('job')
    expect(clashAt({ s: 700, e: 760 }, row, DAY)).toBe('maintenance')
    expect(clashAt({ s: 420, e: 540 }, row, DAY)).toBe('off')
    expect(clashAt({ s: 600, e: 700 }, row, DAY)).toBeNull()
  })
  test('touching is not clashing (rounded percent spans included)', () => {
    expect(clashAt({ s: 480, e: 720 }, row, DAY)).toBeNull()
    expect(clashAt({ s: 960, e: 1000 }, row, DAY)).toBeNull()
  })
})

test('snapMinutes and percentAt', () => {
  expect(snapMinutes(22, 15)).toBe(15)
  expect(snapMinutes(23, 15)).toBe(30)
  expect(percentAt(720, DAY)).toBe(50)
  expect(percentAt(5, 0)).toBe(0)
})

describe('resizing (the end dragged, or Shift + arrow)', () => {
  const o = { s: 120, e: 240, row: 2, trackPx: 1000, periodMin: 7 * 1440, step: 60 }

  test('the end follows the pointer, snapped; the start and printer stay', () => {
    // 1,000 px show 10,080 min: 30 px ≈ 302 min → +300 min (5 steps)
    expect(resizeTarget({ ...o, dx: 30 })).toEqual({ row: 2, s: 120, e: 540 })
    expect(resizeTarget({ ...o, dx: 0 })).toEqual({ row: 2, s: 120, e: 240 })
  })

  test('never shorter than one step, never past the period’s end', () => {
    expect(resizeTarget({ ...o, dx: -500 })).toEqual({ row: 2, s: 120, e: 180 })
    expect(resizeTarget({ ...o, dx: 5000 })).toEqual({ row: 2, s: 120, e: 7 * 1440 })
  })

  test('Shift + arrows move the end by one step; other keys are not a resize', () => {
    const t = { row: 2, s: 120, e: 240 }
    expect(resizeKeyTarget(t, 'ArrowRight', o)).toEqual({ row: 2, s: 120, e: 300 })
    expect(resizeKeyTarget(t, 'ArrowLeft', o)).toEqual({ row: 2, s: 120, e: 180 })
    expect(resizeKeyTarget({ row: 2, s: 120, e: 180 }, 'ArrowLeft', o)).toEqual({ row: 2, s: 120, e: 180 })
    expect(resizeKeyTarget(t, 'ArrowUp', o)).toBeNull()
  })

  test('any drag keeps a length of at least one step and the start where it was', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: -3000, max: 3000 }), (s0, len, dx) => {
        const s = Math.floor(s0 / 60) * 60
        const r = resizeTarget({ ...o, s, e: s + len, dx })
        expect(r.s).toBe(s)
        expect(r.e - r.s).toBeGreaterThanOrEqual(60)
        expect(r.e).toBeLessThanOrEqual(Math.max(s + len, o.periodMin, s + 60))
      }),
    )
  })
})
