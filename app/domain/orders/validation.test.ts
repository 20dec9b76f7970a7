import { describe, expect, it } from 'vitest'
import { validateOrderForm, type OrderFormInput } from './validation'

function form(overrides: Partial<OrderFormInput> = {}): OrderFormInput {
  return { targetQuantity: '100', stockOnHand: '', dueDate: '', today: '2026-03-05', ...overrides }
}

describe('validateOrderForm', () => {
  it('accepts a plain order and parses its values', () => {
    expect(validateOrderForm(form({ targetQuantity: ' 120 ', stockOnHand: '5', dueDate: '2026-03-20' }))).toEqual({
      ok: true,
      values: { targetQuantity: 120, stockOnHand: 5, dueDate: '2026-03-20' },
      errors: {},
      notices: [],
    })
  })

  it('treats empty stock as zero and empty due date as none', () => {
    const r = validateOrderForm(form({ stockOnHand: null, dueDate: null }))
    expect(r.values).toEqual({ targetQuantity: 100, stockOnHand: 0, dueDate: null })
  })

  it.each([
    ['', 'required'],
    [null, 'required'],
    ['abc', 'not_an_integer'],
    ['12.5', 'not_an_integer'],
    ['1e3', 'not_an_integer'],
    ['1,000', 'not_an_integer'],
    ['0x10', 'not_an_integer'],
    [2.5, 'not_an_integer'],
    ['0', 'must_be_positive'],
    ['-4', 'must_be_positive'],
    ['2147483648', 'too_large'],
  ] as const)('rejects quantity %j with %s', (quantity, code) => {
    const r = validateOrderForm(form({ targetQuantity: quantity }))
    expect(r.ok).toBe(false)
    expect(r.values).toBeNull()
    expect(r.errors).toEqual({ targetQuantity: code })
  })

  it.each([
    ['-1', 'negative'],
    ['1.5', 'not_an_integer'],
    ['x', 'not_an_integer'],
    ['99999999999', 'too_large'],
  ] as const)('rejects stock %j with %s', (stock, code) => {
    const r = validateOrderForm(form({ stockOnHand: stock }))
    expect(r.ok).toBe(false)
    expect(r.errors).toEqual({ stockOnHand: code })
  })

  it('accepts zero stock and numeric inputs', () => {
    expect(validateOrderForm(form({ targetQuantity: 3, stockOnHand: 0 })).ok).toBe(true)
  })

  it('reports every failing field at once', () => {
    const r = validateOrderForm(form({ targetQuantity: '0', stockOnHand: '-2', dueDate: '2026-02-30' }))
    expect(r.errors).toEqual({ targetQuantity: 'must_be_positive', stockOnHand: 'negative', dueDate: 'invalid_date' })
  })

  it('allows stock above the target with a completes_immediately info', () => {
    const r = validateOrderForm(form({ targetQuantity: '10', stockOnHand: '12' }))
    expect(r.ok).toBe(true)
    expect(r.notices).toEqual([{ field: 'stockOnHand', level: 'info', code: 'completes_immediately', surplus: 2 }])
  })

  it('also informs when stock exactly covers the target', () => {
    const r = validateOrderForm(form({ targetQuantity: '10', stockOnHand: '10' }))
    expect(r.notices).toEqual([{ field: 'stockOnHand', level: 'info', code: 'completes_immediately', surplus: 0 }])
  })

  it('counts already produced units when editing', () => {
    expect(validateOrderForm(form({ targetQuantity: '10', stockOnHand: '4', producedGood: 5 })).notices).toEqual([])
    expect(validateOrderForm(form({ targetQuantity: '10', stockOnHand: '4', producedGood: 6 })).notices).toHaveLength(1)
  })

  it('allows a past due date with a due_in_past warning', () => {
    const r = validateOrderForm(form({ dueDate: '2026-03-02' }))
    expect(r.ok).toBe(true)
    expect(r.notices).toEqual([{ field: 'dueDate', level: 'warning', code: 'due_in_past', daysPast: 3 }])
  })

  it('does not warn for a due date of today', () => {
    expect(validateOrderForm(form({ dueDate: '2026-03-05' })).notices).toEqual([])
  })

  it.each(['2026-3-5', '05/03/2026', '2026-02-29', 'tomorrow'])('rejects due date %j', (dueDate) => {
    expect(validateOrderForm(form({ dueDate })).errors).toEqual({ dueDate: 'invalid_date' })
  })
})
