import { expect, test } from 'vitest'
import { chunks } from './chunks'

test('splits items into pieces of the given size, the last one shorter', () => {
  expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
  expect(chunks([1, 2, 3, 4], 2)).toEqual([
    [1, 2],
    [3, 4],
  ])
  expect(chunks(['a'], 5_000)).toEqual([['a']])
})

test('no items give no pieces', () => {
  expect(chunks([], 1_000)).toEqual([])
})
