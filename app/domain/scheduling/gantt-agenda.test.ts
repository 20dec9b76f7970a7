import { expect, test } from 'vitest'
import { agendaOf, type AgendaJobInput } from './gantt-agenda'
import type { JobStatus } from './jobs'

const T0 = new Date('2026-11-23T00:00:00Z').getTime() // 09:00 in Seoul
const HOUR = 3_600_000
const MIN = 60_000
const now = new Date(T0 + 2 * HOUR)
const dayEnd = new Date(T0 + 15 * HOUR) // local midnight
const job = (id: string, printerId: string, h0: number, h1: number, status: JobStatus = 'planned'): AgendaJobInput => ({
  id,
  printerId,
  start: new Date(T0 + h0 * HOUR),
  end: new Date(T0 + h1 * HOUR),
  status,
})
const ids = (r: ReturnType<typeof agendaOf>[number]) => ({ now: r.now?.job.id ?? null, next: r.next?.job.id ?? null, later: r.later.map((e) => e.job.id) })

test('per printer: the printing job now, the next planned one, and the rest of today (tomorrow is not "later today")', () => {
  const jobs = [job('p', 'A', 0, 3, 'printing'), job('n', 'A', 3, 5), job('l1', 'A', 5, 8), job('l2', 'A', 8, 12), job('t', 'A', 16, 18), job('d', 'A', -3, 0, 'done')]
  const [a] = agendaOf(['A'], jobs, now, dayEnd)
  expect(ids(a)).toEqual({ now: 'p', next: 'n', later: ['l1', 'l2'] })
  expect(a.now?.overdue).toBe(false)
})

test('no printing job: a planned job whose slot holds now is "now"; an idle printer shows only what comes next', () => {
  const [b, c, d] = agendaOf(['B', 'C', 'D'], [job('b1', 'B', 1, 4), job('b2', 'B', 5, 6), job('c1', 'C', 20, 22)], now, dayEnd)
  expect(ids(b)).toEqual({ now: 'b1', next: 'b2', later: [] })
  expect(b.now?.overdue).toBe(true) // due to start an hour ago
  expect(ids(c)).toEqual({ now: null, next: 'c1', later: [] })
  expect(ids(d)).toEqual({ now: null, next: null, later: [] })
})

test('overdue: printing past its end, or not started well after its start (10 minutes of grace)', () => {
  const [a] = agendaOf(['A'], [job('p', 'A', -2, 1.5, 'printing')], now, dayEnd)
  expect(a.now?.overdue).toBe(true)
  const late = agendaOf(['A'], [{ ...job('q', 'A', 0, 4), start: new Date(now.getTime() - 5 * MIN) }], now, dayEnd)[0]
  expect(late.now?.overdue).toBe(false)
})
