import { describe, expect, test } from 'vitest'
import { auditChanges, auditRecordName } from './changes'

describe('auditChanges: a before → after table of what changed', () => {
  test('an edit lists only the fields that differ, in the record’s order, without bookkeeping', () => {
    const before = { id: 'o1', reference: 'SO-1', targetQuantity: 10, dueDate: '2026-03-01', notes: null, version: 3, updatedAt: '2026-01-01T00:00:00Z' }
    const after = { id: 'o1', reference: 'SO-1', targetQuantity: 12, dueDate: '2026-03-05', notes: 'rush', version: 4, updatedAt: '2026-01-02T00:00:00Z' }
    expect(auditChanges(before, after)).toEqual([
      { field: 'targetQuantity', before: 10, after: 12 },
      { field: 'dueDate', before: '2026-03-01', after: '2026-03-05' },
      { field: 'notes', before: null, after: 'rush' },
    ])
  })
  test('a created record lists every field it was made with; a removed one every field it had', () => {
    expect(auditChanges(null, { id: 'u1', username: 'kim', role: 'operator', createdAt: 'x' })).toEqual([
      { field: 'username', before: null, after: 'kim' },
      { field: 'role', before: null, after: 'operator' },
    ])
    expect(auditChanges({ sensorNo: 2, rms: 0.4 }, null)).toEqual([
      { field: 'sensorNo', before: 2, after: null },
      { field: 'rms', before: 0.4, after: null },
    ])
  })
  test('nested objects compare field by field by dotted path; lists of plain values as one joined value', () => {
    const before = { calendar: { mon: '08:00-18:00', tue: '08:00-18:00' }, materials: ['PLA', 'PETG'] }
    const after = { calendar: { mon: '08:00-18:00', tue: '09:00-17:00' }, materials: ['PLA', 'PETG', 'TPU'] }
    expect(auditChanges(before, after)).toEqual([
      { field: 'calendar.tue', before: '08:00-18:00', after: '09:00-17:00' },
      { field: 'materials', before: 'PLA, PETG', after: 'PLA, PETG, TPU' },
    ])
  })
  test('a field only on one side counts as changed from or to nothing; booleans and zero are values, not nothing', () => {
    expect(auditChanges({ locked: false, units: 0 }, { locked: true, units: 0, addedSensors: [] })).toEqual([
      { field: 'locked', before: false, after: true },
      { field: 'addedSensors', before: null, after: '' },
    ])
    expect(auditChanges({ twoFactor: true }, { twoFactor: false })).toEqual([{ field: 'twoFactor', before: true, after: false }])
  })
  test('deeper structures and lists of objects are shown as compact JSON', () => {
    const after = { a: { b: { c: { d: 1 } } }, rows: [{ x: 1 }] }
    expect(auditChanges(null, after)).toEqual([
      { field: 'a.b.c', before: null, after: '{"d":1}' },
      { field: 'rows', before: null, after: '[{"x":1}]' },
    ])
  })
  test('nothing changed, nothing listed; a row without before or after lists nothing', () => {
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([])
    expect(auditChanges(null, null)).toEqual([])
    expect(auditChanges(undefined, undefined)).toEqual([])
  })
  test('secrets stay as the audit trail stored them (redacted), never anything else', () => {
    expect(auditChanges(null, { name: 'gw', tokenHash: 'abc', password: '[redacted]' })).toEqual([
      { field: 'name', before: null, after: 'gw' },
      { field: 'password', before: null, after: '[redacted]' },
    ])
  })
})

describe('auditRecordName: what a person calls the record', () => {
  test('an order by its reference, a product or printer by its name, a user by the username', () => {
    expect(auditRecordName(null, { id: 'x', reference: 'SO-2026-103', customer: 'ACME' })).toBe('SO-2026-103')
    expect(auditRecordName({ name: 'Drone frame' }, { name: 'Drone frame v2' })).toBe('Drone frame v2')
    expect(auditRecordName({ username: 'kim', displayName: 'Kim' }, null)).toBe('kim')
  })
  test('a filament by material · colour · brand', () => {
    expect(auditRecordName(null, { material: 'PLA', colourName: 'Black', brand: 'Acme' })).toBe('PLA · Black · Acme')
  })
  test('nothing to go by: null (the page then looks the record up or shows its id)', () => {
    expect(auditRecordName({ locked: true }, { locked: false })).toBeNull()
    expect(auditRecordName(null, null)).toBeNull()
    expect(auditRecordName(null, { name: '  ' })).toBeNull()
  })
})
