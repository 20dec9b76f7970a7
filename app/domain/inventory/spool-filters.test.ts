import { describe, expect, it } from 'vitest'
import { readSpoolFilters, toModelFilters } from './spool-filters'

describe('readSpoolFilters', () => {
  it('trims the text filters and keeps a known status', () => {
    const f = readSpoolFilters(new URLSearchParams({ material: ' PLA ', colour: 'Black', status: 'empty' }))
    expect(f).toEqual({ material: 'PLA', colour: 'Black', batch: '', location: '', status: 'empty' })
  })

  it('ignores an unknown status and cuts long text', () => {
    const f = readSpoolFilters(new URLSearchParams({ status: 'deleted', batch: 'x'.repeat(100) }))
    expect(f.status).toBe('')
    expect(f.batch).toHaveLength(60)
  })
})

describe('toModelFilters', () => {
  it('drops the empty values', () => {
    const f = toModelFilters(readSpoolFilters(new URLSearchParams({ location: 'Rack 2' })))
    expect(f).toEqual({ material: undefined, colour: undefined, batch: undefined, location: 'Rack 2', status: undefined })
  })
})
