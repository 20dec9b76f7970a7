import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { groupSpools, pageOfGroups } from './spool-grouping'

const spool = (id: number, material: string, colourName: string, batch: string, remainingMg = 1000, status = 'active') => ({
  id: String(id),
  material,
  colourName,
  colourHex: '#000000',
  batch,
  remainingMg,
  status,
})

describe('pageOfGroups', () => {
  test('splits a batch across pages and keeps the whole batch and group totals on each', () => {
    const spools = [spool(1, 'PLA', 'Black', 'A'), spool(2, 'PLA', 'Black', 'A'), spool(3, 'PLA', 'Black', 'B'), spool(4, 'PETG', 'Red', 'C', 500)]
    const groups = groupSpools(spools)
    const first = pageOfGroups(groups, 1, 2)
    expect(first).toMatchObject({ page: 1, pages: 2, total: 4 })
    expect(first.groups.map((g) => g.material)).toEqual(['PETG', 'PLA'])
    expect(first.groups[0].batches[0]).toMatchObject({ batch: 'C', spoolCount: 1, remainingMg: 500 })
    expect(first.groups[1].batches.map((b) => [b.batch, b.spools.map((s) => s.id), b.spoolCount])).toEqual([['A', ['1'], 2]])
    const second = pageOfGroups(groups, 2, 2)
    expect(second.groups).toHaveLength(1)
    expect(second.groups[0]).toMatchObject({ material: 'PLA', spoolCount: 3, remainingMg: 3000 })
    expect(second.groups[0].batches.map((b) => [b.batch, b.spools.map((s) => s.id), b.spoolCount])).toEqual([
      ['A', ['2'], 2],
      ['B', ['3'], 1],
    ])
  })

  test('nonsense and out-of-range pages land on the first or last page; an empty list is one empty page', () => {
    const groups = groupSpools([spool(1, 'PLA', 'Black', 'A'), spool(2, 'PLA', 'Black', 'A')])
    expect(pageOfGroups(groups, NaN, 1).page).toBe(1)
    expect(pageOfGroups(groups, -3, 1).page).toBe(1)
    expect(pageOfGroups(groups, 99, 1).page).toBe(2)
    expect(pageOfGroups([], 1)).toEqual({ groups: [], page: 1, pages: 1, total: 0 })
  })

  test('property: the pages, read in order, are exactly the grouped list, each at most one page long', () => {
    const arb = fc.array(fc.record({ m: fc.constantFrom('PLA', 'PETG', 'TPU'), c: fc.constantFrom('Black', 'White'), b: fc.constantFrom('', 'A1', 'A2', 'A10') }), { maxLength: 60 })
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 13 }), (rows, size) => {
        const groups = groupSpools(rows.map((r, i) => spool(i, r.m, r.c, r.b)))
        const all = groups.flatMap((g) => g.batches.flatMap((b) => b.spools.map((s) => s.id)))
        const { pages } = pageOfGroups(groups, 1, size)
        const seen: string[] = []
        for (let p = 1; p <= pages; p++) {
          const page = pageOfGroups(groups, p, size)
          const ids = page.groups.flatMap((g) => g.batches.flatMap((b) => b.spools.map((s) => s.id)))
          expect(ids.length).toBeLessThanOrEqual(size)
          if (all.length > 0) expect(ids.length).toBeGreaterThan(0)
          for (const g of page.groups) expect(g.batches.every((b) => b.spools.length > 0)).toBe(true)
          seen.push(...ids)
        }
        expect(seen).toEqual(all)
      }),
    )
  })
})
