import type { SpoolStatus } from './keys'

export interface SpoolFilterValues {
  material: string
  colour: string
  batch: string
  location: string
  /** '' = in use + empty (not archived). */
  status: '' | SpoolStatus | 'all'
}

const statuses = ['active', 'empty', 'archived', 'all'] as const

/** Reads the spool-list GET filters; anything malformed is ignored rather than failing. */
export function readSpoolFilters(params: URLSearchParams): SpoolFilterValues {
  const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 60)
  const status = params.get('status') ?? ''
  return {
    material: text('material'),
    colour: text('colour'),
    batch: text('batch'),
    location: text('location'),
    status: (statuses as readonly string[]).includes(status) ? (status as SpoolFilterValues['status']) : '',
  }
}

/** The model's filter object (empty values dropped). */
export function toModelFilters(f: SpoolFilterValues) {
  return {
    material: f.material || undefined,
    colour: f.colour || undefined,
    batch: f.batch || undefined,
    location: f.location || undefined,
    status: f.status || undefined,
  }
}
