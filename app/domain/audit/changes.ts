/**
 * An audit row's before/after as a table a person reads: one line per changed field (nested objects by dotted path),
 * bookkeeping fields left out, and the record's name when the row carries one.
 */
export type AuditValue = string | number | boolean | null

export interface FieldChange {
  field: string
  before: AuditValue
  after: AuditValue
}

/** Bookkeeping that changes on every save or never: not a change a person made. */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set(['id', 'createdAt', 'updatedAt', 'version', 'createdBy', 'passwordHash', 'tokenHash'])

const MAX_DEPTH = 3

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A leaf value as shown: scalars as they are, a list of scalars joined, anything else as compact JSON. */
function leaf(value: unknown): AuditValue {
  if (value === undefined || value === null) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return value.map((v) => String(v)).join(', ')
  return JSON.stringify(value)
}

function flatten(value: unknown, prefix: string, depth: number, out: Map<string, AuditValue>, hidden: ReadonlySet<string>) {
  if (isPlainObject(value) && depth < MAX_DEPTH) {
    for (const [key, v] of Object.entries(value)) {
      if (depth === 0 && hidden.has(key)) continue
      flatten(v, prefix ? `${prefix}.${key}` : key, depth + 1, out, hidden)
    }
    if (Object.keys(value).length === 0 && prefix) out.set(prefix, null)
    return
  }
  out.set(prefix, leaf(value))
}

/**
 * The fields that differ between `before` and `after` (either may be null: a record created or removed), in the order the
 * record lists them. Nested objects are compared field by field ("calendar.mon"); lists as a whole.
 */
export function auditChanges(before: unknown, after: unknown, hidden: ReadonlySet<string> = BOOKKEEPING_FIELDS): FieldChange[] {
  const a = new Map<string, AuditValue>()
  const b = new Map<string, AuditValue>()
  flatten(before, '', 0, a, hidden)
  flatten(after, '', 0, b, hidden)
  // A bare null/scalar on one side and an object on the other: the object's fields against nothing.
  if (a.has('') && b.size > 0 && !b.has('') && a.get('') === null) a.delete('')
  if (b.has('') && a.size > 0 && !a.has('') && b.get('') === null) b.delete('')
  const fields = [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))]
  const changes: FieldChange[] = []
  for (const field of fields) {
    const from = a.has(field) ? a.get(field)! : null
    const to = b.has(field) ? b.get(field)! : null
    if (from !== to) changes.push({ field, before: from, after: to })
  }
  return changes
}

const NAME_FIELDS = ['reference', 'name', 'username', 'fileName', 'displayName', 'title'] as const

/** What a person calls the record, from the row itself (after, else before): its reference, name, username … */
export function auditRecordName(before: unknown, after: unknown): string | null {
  for (const side of [after, before]) {
    if (!isPlainObject(side)) continue
    for (const field of NAME_FIELDS) {
      const v = side[field]
      if (typeof v === 'string' && v.trim()) return v
    }
    // A filament is its material and colour (and brand).
    if (typeof side.material === 'string' && typeof side.colourName === 'string')
      return [side.material, side.colourName, typeof side.brand === 'string' ? side.brand : null].filter(Boolean).join(' · ')
  }
  return null
}
