import { expect, it } from 'vitest'
import { groupByPrinter } from './group-by-printer'

it('groups rows by printer and keeps their order within each printer', () => {
  const rows = [
    { printerId: 'p1', n: 1 },
    { printerId: 'p2', n: 2 },
    { printerId: 'p1', n: 3 },
  ]
  const groups = groupByPrinter(rows)
  expect([...groups.keys()]).toEqual(['p1', 'p2'])
  expect(groups.get('p1')?.map((r) => r.n)).toEqual([1, 3])
  expect(groups.get('p3')).toBeUndefined()
})
