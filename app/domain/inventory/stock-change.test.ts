import { describe, expect, it } from 'vitest'
import { consumeFifo, correct, deduct, weighIn, type ConsumableSpool, type SpoolStock, type WeighableSpool } from './stock-change'

function spool(overrides: Partial<WeighableSpool> = {}): WeighableSpool {
  return { id: 's1', remainingMg: 500_000, status: 'active', tareMg: 200_000, initialNetMg: 1_000_000, ...overrides }
}

function pooled(overrides: Partial<ConsumableSpool> & { id: string }): ConsumableSpool {
  return { remainingMg: 1_000_000, status: 'active', material: 'PLA', colour: 'Black', batch: 'A1', receivedAt: '2026-01-01', ...overrides }
}

describe('weighIn', () => {
  it('sets remaining to gross minus tare', () => {
    const r = weighIn(spool(), 650_500)
    expect(r).toEqual({
      ok: true,
      change: { spoolId: 's1', previousMg: 500_000, remainingMg: 450_500, deltaMg: -49_500, previousStatus: 'active', status: 'active', warnings: [] },
    })
  })

  it('refuses a gross below the tare, with the difference', () => {
    expect(weighIn(spool(), 199_900)).toEqual({ ok: false, code: 'gross_below_tare', grossMg: 199_900, tareMg: 200_000, differenceMg: 100 })
  })

  it('marks a spool weighing exactly its tare as empty', () => {
    const r = weighIn(spool(), 200_000)
    expect(r.ok && r.change).toMatchObject({ remainingMg: 0, status: 'empty' })
  })

  it('reactivates an empty spool that still holds filament', () => {
    const r = weighIn(spool({ status: 'empty', remainingMg: 0 }), 230_000)
    expect(r.ok && r.change).toMatchObject({ remainingMg: 30_000, previousStatus: 'empty', status: 'active' })
  })

  it('warns when the net mass exceeds the initial net mass', () => {
    const r = weighIn(spool(), 1_200_100)
    expect(r.ok && r.change.warnings).toEqual(['above_initial_net'])
  })

  it('refuses archived spools and invalid readings', () => {
    expect(weighIn(spool({ status: 'archived' }), 300_000)).toEqual({ ok: false, code: 'spool_archived' })
    expect(weighIn(spool(), -1)).toEqual({ ok: false, code: 'invalid_amount' })
    expect(weighIn(spool(), 1.5)).toEqual({ ok: false, code: 'invalid_amount' })
  })

  it('treats corrupt spool data as a bug', () => {
    expect(() => weighIn(spool({ tareMg: -1 }), 300_000)).toThrow(RangeError)
    expect(() => weighIn(spool({ remainingMg: Number.NaN }), 300_000)).toThrow(RangeError)
  })
})

describe('deduct', () => {
  const stock = (overrides: Partial<SpoolStock> = {}): SpoolStock => ({ id: 's1', remainingMg: 100_000, status: 'active', ...overrides })

  it('takes the amount off the remaining mass', () => {
    const r = deduct(stock(), 33_300)
    expect(r.ok && r.change).toMatchObject({ previousMg: 100_000, remainingMg: 66_700, deltaMg: -33_300, status: 'active' })
  })

  it('empties the spool when the amount equals what remains', () => {
    const r = deduct(stock(), 100_000)
    expect(r.ok && r.change).toMatchObject({ remainingMg: 0, status: 'empty' })
  })

  it('refuses to go below zero and reports the shortfall', () => {
    expect(deduct(stock(), 100_100)).toEqual({ ok: false, code: 'insufficient', requestedMg: 100_100, availableMg: 100_000, shortfallMg: 100 })
  })

  it('treats a zero deduction as no change', () => {
    const r = deduct(stock({ status: 'empty', remainingMg: 0 }), 0)
    expect(r.ok && r.change).toMatchObject({ deltaMg: 0, status: 'empty' })
  })

  it('refuses empty and archived spools and invalid amounts', () => {
    expect(deduct(stock({ status: 'empty', remainingMg: 0 }), 100)).toEqual({ ok: false, code: 'spool_empty' })
    expect(deduct(stock({ status: 'archived' }), 100)).toEqual({ ok: false, code: 'spool_archived' })
    expect(deduct(stock(), -100)).toEqual({ ok: false, code: 'invalid_amount' })
  })

  it('never warns about the initial net mass', () => {
    const r = deduct(stock({ remainingMg: 2_000_000, initialNetMg: 1_000_000 }), 100)
    expect(r.ok && r.change.warnings).toEqual([])
  })
})

describe('correct', () => {
  it('sets the remaining mass and derives the status', () => {
    const down = correct(spool(), 0)
    expect(down.ok && down.change).toMatchObject({ remainingMg: 0, deltaMg: -500_000, status: 'empty' })
    const up = correct(spool({ status: 'empty', remainingMg: 0 }), 12_300)
    expect(up.ok && up.change).toMatchObject({ remainingMg: 12_300, deltaMg: 12_300, status: 'active' })
  })

  it('refuses archived spools and invalid amounts', () => {
    expect(correct(spool({ status: 'archived' }), 10)).toEqual({ ok: false, code: 'spool_archived' })
    expect(correct(spool(), -10)).toEqual({ ok: false, code: 'invalid_amount' })
  })
})

describe('consumeFifo', () => {
  it('draws from the oldest batch first and spills into the next', () => {
    const spools = [
      pooled({ id: 'new', batch: 'B1', receivedAt: '2026-02-01', remainingMg: 1_000_000 }),
      pooled({ id: 'old', batch: 'A1', receivedAt: '2026-01-01', remainingMg: 150_000 }),
    ]
    const r = consumeFifo(spools, { amountMg: 200_000, material: 'PLA', colour: 'Black' })
    expect(r).toEqual({
      ok: true,
      consumedMg: 200_000,
      deductions: [
        { spoolId: 'old', previousMg: 150_000, remainingMg: 0, deltaMg: -150_000, previousStatus: 'active', status: 'empty', warnings: [] },
        { spoolId: 'new', previousMg: 1_000_000, remainingMg: 950_000, deltaMg: -50_000, previousStatus: 'active', status: 'active', warnings: [] },
      ],
    })
  })

  it('breaks received-date ties by batch label, then id', () => {
    const spools = [
      pooled({ id: 'c', batch: 'A10', remainingMg: 1_000 }),
      pooled({ id: 'b', batch: 'A2', remainingMg: 1_000 }),
      pooled({ id: 'a', batch: 'A2', remainingMg: 1_000 }),
    ]
    const r = consumeFifo(spools, { amountMg: 2_500, material: 'pla', colour: 'BLACK' })
    expect(r.ok && r.deductions.map((d) => [d.spoolId, d.remainingMg])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 500],
    ])
  })

  it('skips empty, archived, zero-remaining spools and other colours or materials', () => {
    const spools = [
      pooled({ id: 'archived', status: 'archived', receivedAt: '2025-01-01' }),
      pooled({ id: 'empty', status: 'empty', remainingMg: 0, receivedAt: '2025-01-02' }),
      pooled({ id: 'zero', remainingMg: 0, receivedAt: '2025-01-03' }),
      pooled({ id: 'white', colour: 'White', receivedAt: '2025-01-04' }),
      pooled({ id: 'petg', material: 'PETG', receivedAt: '2025-01-05' }),
      pooled({ id: 'ok', remainingMg: 5_000 }),
    ]
    const r = consumeFifo(spools, { amountMg: 1_000, material: 'PLA', colour: 'Black' })
    expect(r.ok && r.deductions.map((d) => d.spoolId)).toEqual(['ok'])
  })

  it('takes nothing and reports the shortfall when the pool is insufficient', () => {
    const spools = [pooled({ id: 'a', remainingMg: 300 }), pooled({ id: 'b', remainingMg: 400 }), pooled({ id: 'x', status: 'archived' })]
    expect(consumeFifo(spools, { amountMg: 1_000, material: 'PLA', colour: 'Black' })).toEqual({
      ok: false,
      code: 'insufficient',
      requestedMg: 1_000,
      availableMg: 700,
      shortfallMg: 300,
    })
    expect(consumeFifo([], { amountMg: 1, material: 'PLA', colour: 'Black' })).toMatchObject({ code: 'insufficient', availableMg: 0, shortfallMg: 1 })
  })

  it('consumes from one chosen spool, ignoring FIFO', () => {
    const spools = [pooled({ id: 'old', receivedAt: '2025-01-01' }), pooled({ id: 'chosen', receivedAt: '2026-01-01', remainingMg: 2_000 })]
    const r = consumeFifo(spools, { amountMg: 2_000, spoolId: 'chosen' })
    expect(r).toMatchObject({ ok: true, consumedMg: 2_000, deductions: [{ spoolId: 'chosen', remainingMg: 0, status: 'empty' }] })
  })

  it('reports errors of a chosen spool', () => {
    const spools = [pooled({ id: 'a', remainingMg: 100 }), pooled({ id: 'arch', status: 'archived' })]
    expect(consumeFifo(spools, { amountMg: 1, spoolId: 'missing' })).toEqual({ ok: false, code: 'spool_not_found' })
    expect(consumeFifo(spools, { amountMg: 1, spoolId: 'arch' })).toEqual({ ok: false, code: 'spool_archived' })
    expect(consumeFifo(spools, { amountMg: 150, spoolId: 'a' })).toMatchObject({ code: 'insufficient', shortfallMg: 50 })
  })

  it('treats a zero amount as nothing to do and refuses invalid amounts', () => {
    const spools = [pooled({ id: 'a' })]
    expect(consumeFifo(spools, { amountMg: 0, material: 'PLA', colour: 'Black' })).toEqual({ ok: true, consumedMg: 0, deductions: [] })
    expect(consumeFifo(spools, { amountMg: 0, spoolId: 'a' })).toEqual({ ok: true, consumedMg: 0, deductions: [] })
    expect(consumeFifo(spools, { amountMg: -5, material: 'PLA', colour: 'Black' })).toEqual({ ok: false, code: 'invalid_amount' })
    expect(consumeFifo(spools, { amountMg: 0.5, spoolId: 'a' })).toEqual({ ok: false, code: 'invalid_amount' })
  })

  it('leaves the input spools untouched', () => {
    const spools = [pooled({ id: 'a', remainingMg: 100 })]
    consumeFifo(spools, { amountMg: 100, material: 'PLA', colour: 'Black' })
    expect(spools[0].remainingMg).toBe(100)
    expect(spools[0].status).toBe('active')
  })
})
