import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { diffPlans, fnv1a64, planFingerprint } from './diff'
import { at } from './test-factories'
import type { ExistingPlannedJob, PlannedJob } from './types'

function planned(orderId: string, printerId: string, fromHours: number, toHours: number, units = 1): PlannedJob {
  return {
    orderId,
    productId: 'p1',
    printerId,
    start: at(fromHours),
    end: at(toHours),
    units,
    sequence: 1,
    plateIndex: 1,
    material: 'PLA',
    colour: 'black',
    filamentMg: units * 1000,
  }
}

function stored(id: string, orderId: string, printerId: string, fromHours: number, toHours: number, units = 1): ExistingPlannedJob {
  return { id, orderId, printerId, start: at(fromHours), end: at(toHours), units }
}

describe('diffPlans', () => {
  it('reports identical jobs as unchanged with their stored ids', () => {
    const diff = diffPlans([stored('7', 'o1', '1', 0, 1)], [planned('o1', '1', 0, 1)])
    expect(diff).toEqual({ added: [], moved: [], removed: [], unchanged: [{ id: '7', job: planned('o1', '1', 0, 1) }] })
  })

  it('pairs changed jobs of the same order in time order as moved', () => {
    const diff = diffPlans(
      [stored('1', 'o1', '1', 0, 1), stored('2', 'o1', '1', 1, 2), stored('3', 'o2', '2', 0, 1)],
      [planned('o1', '2', 5, 6), planned('o1', '1', 0, 1), planned('o1', '1', 3, 4), planned('o2', '2', 0, 1, 2)],
    )
    expect(diff.unchanged.map((u) => u.id)).toEqual(['1'])
    expect(diff.moved.map((m) => [m.id, m.to.printerId, m.to.start, m.to.units])).toEqual([
      ['3', '2', at(0), 2], // units changed
      ['2', '1', at(3), 1], // time changed; the earlier leftover pairs with the earlier new job
    ])
    expect(diff.added).toEqual([planned('o1', '2', 5, 6)])
    expect(diff.removed).toEqual([])
  })

  it('treats a different end (e.g. new plate time) as moved, not unchanged', () => {
    const diff = diffPlans([stored('1', 'o1', '1', 0, 1)], [planned('o1', '1', 0, 2)])
    expect(diff.moved).toHaveLength(1)
    expect(diff.unchanged).toEqual([])
  })

  it('never pairs jobs of different orders: those are removed and added', () => {
    const diff = diffPlans([stored('1', 'o1', '1', 0, 1)], [planned('o2', '1', 0, 1)])
    expect(diff.removed.map((r) => r.id)).toEqual(['1'])
    expect(diff.added.map((a) => a.orderId)).toEqual(['o2'])
    expect(diff.moved).toEqual([])
  })

  it('matches duplicates deterministically by lowest stored id', () => {
    const current = [stored('20', 'o1', '1', 0, 1), stored('3', 'o1', '1', 0, 1)]
    const next = [planned('o1', '1', 0, 1)]
    expect(diffPlans(current, next).unchanged.map((u) => u.id)).toEqual(['3'])
    expect(diffPlans([...current].reverse(), next).unchanged.map((u) => u.id)).toEqual(['3'])
    expect(diffPlans(current, next).removed.map((r) => r.id)).toEqual(['20'])
  })

  it('accounts for every stored and every new job exactly once', () => {
    const jobArb = fc.record({
      order: fc.constantFrom('o1', 'o2', 'o3'),
      printer: fc.constantFrom('1', '2'),
      from: fc.integer({ min: 0, max: 6 }),
      units: fc.integer({ min: 1, max: 2 }),
    })
    fc.assert(
      fc.property(fc.array(jobArb, { maxLength: 8 }), fc.array(jobArb, { maxLength: 8 }), (cur, nxt) => {
        const current = cur.map((j, i) => stored(String(i + 1), j.order, j.printer, j.from, j.from + 1, j.units))
        const next = nxt.map((j) => planned(j.order, j.printer, j.from, j.from + 1, j.units))
        const d = diffPlans(current, next)
        const storedIds = [...d.unchanged.map((u) => u.id), ...d.moved.map((m) => m.id), ...d.removed.map((r) => r.id)]
        expect(storedIds.sort()).toEqual(current.map((c) => c.id).sort())
        expect(d.unchanged.length + d.moved.length + d.added.length).toBe(next.length)
        for (const m of d.moved) expect(m.from.orderId).toBe(m.to.orderId)
        // An unchanged pair is truly identical; no moved pair could have been an exact match left unpaired.
        for (const u of d.unchanged) {
          const s = current.find((c) => c.id === u.id)!
          expect([s.printerId, s.start, s.end, s.units]).toEqual([u.job.printerId, u.job.start, u.job.end, u.job.units])
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('planFingerprint', () => {
  const plan = [planned('o1', '1', 0, 1), planned('o2', '2', 0, 3, 2), planned('o1', '1', 1, 2)]

  it('does not depend on the order of the jobs and accepts a schedule result', () => {
    expect(planFingerprint([...plan].reverse())).toBe(planFingerprint(plan))
    expect(planFingerprint({ jobs: plan })).toBe(planFingerprint(plan))
    expect(planFingerprint(plan)).toMatch(/^v1-[0-9a-f]{16}$/)
  })

  it('changes when any planned field changes', () => {
    const base = planFingerprint(plan)
    const variants: PlannedJob[][] = [
      [{ ...plan[0], orderId: 'o9' }, plan[1], plan[2]],
      [{ ...plan[0], productId: 'p9' }, plan[1], plan[2]],
      [{ ...plan[0], printerId: '9' }, plan[1], plan[2]],
      [{ ...plan[0], start: at(0.5) }, plan[1], plan[2]],
      [{ ...plan[0], end: at(1.5) }, plan[1], plan[2]],
      [{ ...plan[0], units: 2 }, plan[1], plan[2]],
      plan.slice(1),
      [],
    ]
    const prints = variants.map(planFingerprint)
    for (const p of prints) expect(p).not.toBe(base)
    expect(new Set(prints).size).toBe(prints.length)
  })

  it('ignores fields that do not change what Apply writes (sequence, filament)', () => {
    expect(planFingerprint([{ ...plan[0], sequence: 5, filamentMg: 1 }, plan[1], plan[2]])).toBe(planFingerprint(plan))
  })
})

describe('fnv1a64', () => {
  /** Straightforward BigInt FNV-1a 64 over the same bytes (UTF-16 code units, low byte first). */
  function reference(text: string): string {
    let h = 0xcbf29ce484222325n
    const prime = 0x100000001b3n
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      for (const byte of [unit & 0xff, unit >>> 8]) {
        h ^= BigInt(byte)
        h = (h * prime) & 0xffffffffffffffffn
      }
    }
    return h.toString(16).padStart(16, '0')
  }

  it('hashes the empty string to the FNV-1a 64 offset basis', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325')
  })

  it('agrees with a BigInt implementation on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }), (units) => {
        const s = String.fromCharCode(...units)
        expect(fnv1a64(s)).toBe(reference(s))
      }),
      { numRuns: 300 },
    )
  })
})
