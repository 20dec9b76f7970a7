import { describe, expect, test } from 'vitest'
import { layoutGantt } from './gantt'
import { groupState, jobsInSheet, parseSheetParam, sheetParam, toBoardData, type BoardJobSource } from './gantt-board'

const T0 = new Date('2026-11-22T15:00:00Z').getTime() // local Monday 2026-11-23 00:00 in Seoul
const HOUR = 3_600_000
const P = '0b7c7a3e-2f4e-4a8e-9a51-3f6f1f0d2c11'
const job = (id: string, h0: number, h1: number, o: Partial<BoardJobSource> = {}): BoardJobSource => ({
  id,
  printerId: P,
  start: new Date(T0 + h0 * HOUR),
  end: new Date(T0 + h1 * HOUR),
  status: 'planned',
  locked: false,
  late: false,
  reference: `PO-${id}`,
  product: 'Bracket',
  units: 4,
  colourHex: '#112233',
  ...o,
})

describe('the board as the page receives it', () => {
  test('bars carry the job in short keys with times in minutes from the period start; flags only when set', () => {
    const jobs = [job('a', 1, 9, { locked: true }), job('b', 30, 36, { status: 'printing', late: true, colourHex: null })]
    const layout = layoutGantt({ startDate: '2026-11-23', days: 3, timeZone: 'Asia/Seoul', now: new Date(T0), rows: [{ id: P, available: [], maintenance: [], jobs }] })
    const board = toBoardData(layout, [{ id: P, label: 'B-1', status: 'active' }], { zoom: '3d', start: '2026-11-23' })
    expect(board).toMatchObject({ zoom: '3d', start: '2026-11-23', from: T0, to: T0 + 72 * HOUR, now: 0 })
    expect(board.rows[0]).toMatchObject({ id: P, label: 'B-1', lanes: 1, off: [0, 100], mnt: [] })
    expect(board.rows[0].items.map((i) => i.b)).toEqual([
      { id: 'a', r: 'PO-a', p: 'Bracket', u: 4, st: 'planned', lk: 1, hx: '#112233', s: 60, e: 540 },
      { id: 'b', r: 'PO-b', p: 'Bracket', u: 4, st: 'printing', late: 1, s: 1800, e: 2160 },
    ])
    expect(board.rows[0].items[0]).not.toHaveProperty('n')
  })

  test('a group carries its count, first order number, state and span; its sheet lists exactly its jobs', () => {
    const jobs = [job('a', 24, 25), job('b', 25, 26, { status: 'printing' }), job('c', 26, 27, { late: true }), job('d', 100, 120)]
    const layout = layoutGantt({ startDate: '2026-11-23', days: 7, timeZone: 'Asia/Seoul', now: new Date(T0), rows: [{ id: P, available: [], maintenance: [], jobs }] })
    const board = toBoardData(layout, [{ id: P, label: 'B-1', status: 'active' }], { zoom: 'week', start: '2026-11-23' })
    const group = board.rows[0].items.find((i) => i.g)!.g!
    expect(group).toEqual({ c: 3, r: 'PO-a', st: 'printing', late: 1, s: 1440, e: 1620 })
    const param = sheetParam(P, group)
    expect(parseSheetParam(param)).toEqual({ printerId: P, s: 1440, e: 1620 })
    expect(jobsInSheet(jobs, parseSheetParam(param)!, T0).map((j) => j.id)).toEqual(['a', 'b', 'c'])
  })

  test('a printer without jobs still has its row; rows follow the printer list', () => {
    const layout = layoutGantt<BoardJobSource>({ startDate: '2026-11-23', days: 1, timeZone: 'Asia/Seoul', now: new Date(T0), rows: [] })
    const board = toBoardData(layout, [{ id: P, label: 'B-1', status: 'maintenance' }], { zoom: 'day', start: '2026-11-23' })
    expect(board.rows).toEqual([{ id: P, label: 'B-1', status: 'maintenance', lanes: 1, off: [], mnt: [], items: [] }])
  })

  test('a bad sheet parameter is ignored', () => {
    for (const raw of [null, '', 'x~1~2', `${P}~5~5`, `${P}~9~2`, `${P}~1~2~3`, `${P}~1234567~1234568`]) expect(parseSheetParam(raw)).toBeNull()
  })

  test('a group is drawn in the most pressing state of its jobs', () => {
    expect(groupState([{ status: 'done' }, { status: 'planned' }])).toBe('planned')
    expect(groupState([{ status: 'done' }, { status: 'failed' }])).toBe('failed')
    expect(groupState([{ status: 'done' }, { status: 'done' }])).toBe('done')
    expect(groupState([{ status: 'planned' }, { status: 'printing' }])).toBe('printing')
  })
})
