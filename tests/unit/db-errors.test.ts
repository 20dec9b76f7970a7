import { expect, test } from 'vitest'
import { isLostRace, retryLostRace } from '~/utils/db-errors.server'

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code })
// drizzle wraps the driver's error in `cause`
const wrapped = (code: string) => new Error('Failed query', { cause: pgError(code) })

test('a deadlock or serialization failure is a lost race, directly or wrapped; other errors are not', () => {
  expect(isLostRace(pgError('40P01'))).toBe(true)
  expect(isLostRace(wrapped('40001'))).toBe(true)
  expect(isLostRace(wrapped('23P01'))).toBe(false)
  expect(isLostRace(new Error('boom'))).toBe(false)
})

test('retryLostRace runs the transaction again after a lost race, up to the limit, and lets other errors through at once', async () => {
  let calls = 0
  expect(await retryLostRace(async () => (++calls < 3 ? Promise.reject(wrapped('40P01')) : 'stored'))).toBe('stored')
  expect(calls).toBe(3)

  calls = 0
  await expect(retryLostRace(async () => (++calls, Promise.reject(pgError('40P01'))), 2)).rejects.toThrow('pg 40P01')
  expect(calls).toBe(2)

  calls = 0
  await expect(retryLostRace(async () => (++calls, Promise.reject(wrapped('23P01'))))).rejects.toThrow('Failed query')
  expect(calls).toBe(1)
})
