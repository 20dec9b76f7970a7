/**
 * Identity and ordering rules shared by stock changes and the projected outlook.
 *
 * Rules (documented for the UI/docs):
 * - Stock is pooled by MATERIAL + COLOUR NAME, across brands. Both are compared after Unicode NFKC, trimming,
 *   collapsing inner whitespace and lower-casing: "PLA" / " pla ", "Matte  Black" / "matte black" are one pool.
 *   The colour hex is NOT part of the key (two brands' "Black" differ slightly in hex but are interchangeable).
 * - FIFO order of spools: oldest received date first, then batch label (natural order: "A2" before "A10"; a spool
 *   without a label after labelled ones), then id. Spools with no received date come after all dated ones.
 */

/** Database id of a filament, spool or job (uuid text or bigint number). */
export type InventoryId = string | number

/** Opaque pooling key of a material + colour (see `materialColourKey`). */
export type MaterialColourKey = string

/** Spool lifecycle: `active` spools are usable; `empty` and `archived` spools count for nothing. */
export type SpoolStatus = 'active' | 'empty' | 'archived'

/** A received date: an instant, or a calendar date `'YYYY-MM-DD'` (sorted as its UTC midnight), or unknown. */
export type ReceivedAt = Date | string | null

const KEY_SEPARATOR = '\u001f'

/** Normalises a material or colour label for comparison. */
export function normalizeLabel(label: string): string {
  return label.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
}

/** Pooling key of a material + colour name (case-, width- and whitespace-insensitive). */
export function materialColourKey(material: string, colourName: string): MaterialColourKey {
  return normalizeLabel(material) + KEY_SEPARATOR + normalizeLabel(colourName)
}

/** Total order on ids: numbers numerically before strings; strings by code unit (locale-independent). */
export function compareIds(a: InventoryId, b: InventoryId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return a < b ? -1 : a > b ? 1 : 0
}

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Sort value of a received date in epoch ms; unknown dates sort last (+Infinity). Throws on an unreadable value. */
export function receivedAtMs(receivedAt: ReceivedAt | undefined): number {
  if (receivedAt === null || receivedAt === undefined) return Number.POSITIVE_INFINITY
  let ms: number
  if (receivedAt instanceof Date) ms = receivedAt.getTime()
  else {
    const m = LOCAL_DATE_RE.exec(receivedAt)
    ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Date.parse(receivedAt)
  }
  if (!Number.isFinite(ms)) throw new RangeError(`invalid received date: ${String(receivedAt)}`)
  return ms
}

// Fixed locale so the order never depends on the server's locale; `numeric` gives natural order for batch labels.
const batchCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' })

/** Natural order of batch labels; a missing/blank label sorts after any label. */
export function compareBatches(a: string | null | undefined, b: string | null | undefined): number {
  const aa = a?.trim() ?? ''
  const bb = b?.trim() ?? ''
  if (aa === '' || bb === '') return aa === bb ? 0 : aa === '' ? 1 : -1
  const c = batchCollator.compare(aa, bb)
  if (c !== 0) return c
  return aa < bb ? -1 : aa > bb ? 1 : 0 // collator-equal but different text: keep the order total
}

/** What FIFO ordering looks at. */
export interface FifoOrderable {
  id: InventoryId
  batch?: string | null
  receivedAt?: ReceivedAt
}

/** FIFO comparator with the sort value of `receivedAt` precomputed (see `receivedAtMs`). */
export function compareFifoPrepared(
  a: { receivedMs: number; batch?: string | null; id: InventoryId },
  b: { receivedMs: number; batch?: string | null; id: InventoryId },
): number {
  if (a.receivedMs !== b.receivedMs) return a.receivedMs < b.receivedMs ? -1 : 1
  return compareBatches(a.batch, b.batch) || compareIds(a.id, b.id)
}

/** FIFO comparator: oldest received first, then batch label, then id. */
export function compareFifo(a: FifoOrderable, b: FifoOrderable): number {
  return compareFifoPrepared(
    { receivedMs: receivedAtMs(a.receivedAt), batch: a.batch, id: a.id },
    { receivedMs: receivedAtMs(b.receivedAt), batch: b.batch, id: b.id },
  )
}

/** Returns a new array in FIFO order (each received date parsed once). */
export function sortFifo<T extends FifoOrderable>(spools: readonly T[]): T[] {
  return spools
    .map((spool) => ({ spool, receivedMs: receivedAtMs(spool.receivedAt), batch: spool.batch, id: spool.id }))
    .sort(compareFifoPrepared)
    .map((x) => x.spool)
}
