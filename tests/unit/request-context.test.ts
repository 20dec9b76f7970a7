import { describe, expect, test } from 'vitest'
import { oncePerRequest, takePrincipal } from '~/utils/request-context.server'

const request = (id: string | null, method = 'GET') => new Request('http://shop.test/orders', { method, headers: id ? { 'x-mes-request-id': id } : {} })

describe('oncePerRequest', () => {
  test("a GET request's loaders share one computation per key; the memo ends with the response", async () => {
    let calls = 0
    const compute = async () => ++calls
    const [a, b] = await Promise.all([oncePerRequest(request('7'), 'user', compute), oncePerRequest(request('7'), 'user', compute)])
    expect([a, b, calls]).toEqual([1, 1, 1])
    expect(await oncePerRequest(request('7'), 'other', compute)).toBe(2)
    expect(await oncePerRequest(request('8'), 'user', compute)).toBe(3)
    takePrincipal('7')
    expect(await oncePerRequest(request('7'), 'user', compute)).toBe(4)
    takePrincipal('8')
    takePrincipal('7')
  })

  test('a POST (its action may change the answer) and a request without an id compute every time', async () => {
    let calls = 0
    const compute = async () => ++calls
    await oncePerRequest(request('9', 'POST'), 'user', compute)
    await oncePerRequest(request('9', 'POST'), 'user', compute)
    await oncePerRequest(request(null), 'user', compute)
    await oncePerRequest(request(null), 'user', compute)
    expect(calls).toBe(4)
  })
})
