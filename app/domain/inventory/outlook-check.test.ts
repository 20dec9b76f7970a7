import { describe, expect, it } from 'vitest'
import { CHECK_JOB_ID, poolOptions, readCheck } from './outlook-check'

const filament = (id: string, material: string, colourName: string) => ({ id, material, colourName })
const filaments = [filament('f1', 'PLA', 'Black'), filament('f2', 'pla', ' black '), filament('f3', 'PETG', 'Red')]
const zone = 'Asia/Seoul'
const now = new Date('2026-03-02T03:00:00Z') // 12:00 in Seoul

describe('poolOptions', () => {
  it('offers one option per material + colour, named after its first filament, sorted by label', () => {
    expect(poolOptions(filaments).map((o) => [o.value, o.label])).toEqual([
      ['f3', 'PETG · Red'],
      ['f1', 'PLA · Black'],
    ])
  })
})

describe('readCheck', () => {
  it('is not submitted without a filament field and proposes today', () => {
    const r = readCheck(new URLSearchParams(), filaments, zone, now)
    expect(r).toMatchObject({ submitted: false, job: null, values: { date: '2026-03-02' } })
  })

  it('places the job at the last instant of the chosen shop-local day', () => {
    const r = readCheck(new URLSearchParams({ filament: 'f1', grams: '250.5', date: '2026-03-05' }), filaments, zone, now)
    expect(r.errors).toEqual({})
    expect(r.job).toMatchObject({ id: CHECK_JOB_ID, filamentId: 'f1', plannedUseMg: 250_500 })
    expect(r.job?.plannedStart).toEqual(new Date('2026-03-05T14:59:59.999Z'))
  })

  it('reads units × grams per unit rounded up to 0.1 g', () => {
    const r = readCheck(new URLSearchParams({ filament: 'f3', units: '3', gramsPerUnit: '10.333' }), filaments, zone, now)
    expect(r.job?.plannedUseMg).toBe(31_000)
  })

  it('reports each bad field and builds no job', () => {
    const r = readCheck(new URLSearchParams({ filament: 'nope', grams: '-1', date: '2026-02-30' }), filaments, zone, now)
    expect(r.job).toBeNull()
    expect(r.errors).toEqual({
      filament: ['inventory.error.unknownFilament'],
      grams: ['inventory.error.gramsNegative'],
      date: ['inventory.error.date'],
    })
  })

  it('asks for grams or units when neither is given', () => {
    const r = readCheck(new URLSearchParams({ filament: 'f1' }), filaments, zone, now)
    expect(r.errors.grams).toEqual(['inventory.error.gramsOrUnits'])
  })
})
