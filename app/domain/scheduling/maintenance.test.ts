import { expect, test } from 'vitest'
import { liveJobsInMaintenance } from './maintenance'
import { at } from './test-factories'

const job = (id: string, status: string, printerId: string, from: number, to: number) => ({ id, status, printerId, startsAt: at(from), endsAt: at(to) })
const windows = new Map([['p1', [{ start: at(10), end: at(12) }]]])

test('live jobs of a printer that run into its maintenance window are flagged', () => {
  const jobs = [job('in', 'planned', 'p1', 9, 11), job('printing', 'printing', 'p1', 11.5, 13), job('inside', 'planned', 'p1', 10.5, 11)]
  expect(liveJobsInMaintenance(jobs, windows).map((j) => j.id)).toEqual(['in', 'printing', 'inside'])
})

test('jobs touching a window, finished jobs and other printers are not', () => {
  const jobs = [
    job('before', 'planned', 'p1', 8, 10),
    job('after', 'planned', 'p1', 12, 13),
    job('done', 'done', 'p1', 9, 11),
    job('cancelled', 'cancelled', 'p1', 9, 11),
    job('other', 'planned', 'p2', 9, 11),
  ]
  expect(liveJobsInMaintenance(jobs, windows)).toEqual([])
})
