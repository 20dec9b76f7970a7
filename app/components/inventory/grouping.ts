import { compareBatches, materialColourKey } from '~/domain/inventory/keys'

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
      b = { batch: s.batch, spools: [], remainingMg: 0 }
      g.batches.push(b)
    }
    b.spools.push(s)
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
