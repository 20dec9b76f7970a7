import { compareBatches, materialColourKey } from './keys'

export interface GroupableSpool {
  id: string
  material: string
  colourName: string
  colourHex: string
  batch: string
  remainingMg: number
  status: string
}

export interface BatchGroup<S> {
  batch: string
  spools: S[]
  /** Spools in the whole batch (on a page, `spools` may hold only some of them). */
  spoolCount: number
  /** Remaining of the batch's active spools. */
  remainingMg: number
}

export interface SpoolGroup<S> {
  key: string
  material: string
  colourName: string
  colourHex: string
  batches: BatchGroup<S>[]
  spoolCount: number
  /** On hand: remaining of the active spools (empty and archived ones count for nothing). */
  remainingMg: number
}

/** Groups spools by material + colour (pooled across brands, as the outlook does), then by batch in natural order. */
export function groupSpools<S extends GroupableSpool>(spools: readonly S[]): SpoolGroup<S>[] {
  const groups = new Map<string, SpoolGroup<S>>()
  for (const s of spools) {
    const key = materialColourKey(s.material, s.colourName)
    let g = groups.get(key)
    if (!g) {
      g = { key, material: s.material, colourName: s.colourName, colourHex: s.colourHex, batches: [], spoolCount: 0, remainingMg: 0 }
      groups.set(key, g)
    }
    let b = g.batches.find((x) => x.batch === s.batch)
    if (!b) {
      b = { batch: s.batch, spools: [], spoolCount: 0, remainingMg: 0 }
      g.batches.push(b)
    }
    b.spools.push(s)
    b.spoolCount++
    g.spoolCount++
    if (s.status === 'active') {
      b.remainingMg += s.remainingMg
      g.remainingMg += s.remainingMg
    }
  }
  const out = [...groups.values()]
  for (const g of out) g.batches.sort((a, b) => compareBatches(a.batch, b.batch))
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

const SPOOLS_PER_PAGE = 100

/**
 * One page of the grouped list: the spools numbered [(page − 1) × size, page × size) in group → batch order, under their
 * group and batch headings, whose counts and grams stay those of the whole filtered list. A page past the end is the
 * last page.
 */
export function pageOfGroups<S>(groups: readonly SpoolGroup<S>[], page: number, size = SPOOLS_PER_PAGE) {
  const total = groups.reduce((n, g) => n + g.spoolCount, 0)
  const pages = Math.max(1, Math.ceil(total / size))
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages)
  const from = (current - 1) * size
  const to = from + size
  const out: SpoolGroup<S>[] = []
  let index = 0
  for (const g of groups) {
    if (index >= to) break
    if (index + g.spoolCount <= from) {
      index += g.spoolCount
      continue
    }
    const batches: BatchGroup<S>[] = []
    for (const b of g.batches) {
      const first = Math.max(from - index, 0)
      const last = Math.min(to - index, b.spools.length)
      if (first < last) batches.push({ ...b, spools: b.spools.slice(first, last) })
      index += b.spools.length
    }
    out.push({ ...g, batches })
  }
  return { groups: out, page: current, pages, total }
}
