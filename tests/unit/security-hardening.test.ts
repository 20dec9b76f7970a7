import { afterEach, describe, expect, test } from 'vitest'
import { handleDataRequest } from '~/entry.server'
import { HSTS, isCrossSiteRequest, securityHeaders, type RequestFacts } from '~/utils/http-security.server'
import { resetEnvCache } from '~/utils/env.server'
import { appCookie } from '~/utils/session.server'

// Issue #15 findings 7 (headers, cookie prefix) and 10 (the cross-site check's Bearer exemption, Remix's origin check).

const post = (facts: Partial<RequestFacts>) =>
  isCrossSiteRequest({ method: 'POST', host: 'shop.local:3000', hostHeader: 'shop.local:3000', origin: undefined, secFetchSite: undefined, authorization: undefined, ...facts })

afterEach(() => {
  delete process.env.COOKIE_SECURE
  resetEnvCache()
})

describe('Bearer tokens are exempt from the cross-site check only on /api/v1 without a session cookie', () => {
  const evil = { secFetchSite: 'cross-site', origin: 'https://evil.example', authorization: 'Bearer mes_abc' }
  test('a gateway posting to the API passes', () => {
    expect(post({ ...evil, path: '/api/v1/vibration-data' })).toBe(false)
  })
  test('a page action with a Bearer header is still checked', () => {
    expect(post({ ...evil, path: '/orders/new' })).toBe(true)
    expect(post({ ...evil, path: '/api/v1-not/x' })).toBe(true)
    expect(post({ ...evil, path: undefined })).toBe(true)
  })
  test('an API request that also carries the session cookie is a browser’s: checked', () => {
    expect(post({ ...evil, path: '/api/v1/vibration-data', cookie: 'mes_lang=ko; mes_session=abc' })).toBe(true)
    expect(post({ ...evil, path: '/api/v1/vibration-data', cookie: '__Host-mes_session=abc' })).toBe(true)
    expect(post({ ...evil, path: '/api/v1/vibration-data', cookie: 'mes_lang=ko' })).toBe(false)
  })
})

describe("requests Remix's own origin check would refuse (a 500 before) are refused by the server (403)", () => {
  test('Origin against X-Forwarded-Host, even when the browser says same-origin', () => {
    expect(post({ secFetchSite: 'same-origin', origin: 'http://shop.local:3000', forwardedHost: 'evil.example' })).toBe(true)
    expect(post({ secFetchSite: 'same-origin', origin: 'http://shop.local:3000', forwardedHost: 'shop.local:3000, proxy' })).toBe(false)
  })
  test('a malformed or "null" Origin', () => {
    expect(post({ secFetchSite: 'same-origin', origin: 'http://[::1' })).toBe(true)
    expect(post({ secFetchSite: 'same-origin', origin: 'null' })).toBe(true)
  })
  test('no Host at all', () => {
    expect(isCrossSiteRequest({ method: 'POST', host: undefined, origin: 'http://shop.local:3000', secFetchSite: 'same-origin', authorization: undefined })).toBe(true)
  })
  test('same origin, with or without a proxy, passes', () => {
    expect(post({ secFetchSite: 'same-origin', origin: 'http://shop.local:3000' })).toBe(false)
    expect(post({ origin: 'https://mes.example.com', host: 'mes.example.com', hostHeader: '127.0.0.1:3000', forwardedHost: 'mes.example.com' })).toBe(false)
  })
})

describe('HSTS and cookie prefixes follow COOKIE_SECURE', () => {
  test('HSTS (two years, subdomains) only when asked for', () => {
    expect(securityHeaders('n', false, { hsts: true })['Strict-Transport-Security']).toBe(HSTS)
    expect(HSTS).toMatch(/max-age=(\d+); includeSubDomains/)
    expect(Number(/max-age=(\d+)/.exec(HSTS)![1])).toBeGreaterThanOrEqual(31_536_000)
    expect(securityHeaders('n')['Strict-Transport-Security']).toBeUndefined()
  })

  test('Secure cookies get __Host- (path /) or __Secure- (narrower path); plain-HTTP ones keep their name', async () => {
    process.env.COOKIE_SECURE = 'true'
    resetEnvCache()
    const session = await appCookie('mes_session', { path: '/' }).serialize('x')
    expect(session).toMatch(/^__Host-mes_session=/)
    expect(session).toContain('Secure')
    expect(session).toContain('Path=/')
    expect(session).not.toContain('Domain')
    expect(await appCookie('mes_new_token', { path: '/admin' }).serialize('x')).toMatch(/^__Secure-mes_new_token=.*Secure/)
    process.env.COOKIE_SECURE = 'false'
    resetEnvCache()
    const plain = await appCookie('mes_session', { path: '/' }).serialize('x')
    expect(plain).toMatch(/^mes_session=/)
    expect(plain).not.toContain('Secure')
  })
})

describe('no-store on data responses', () => {
  test('single-fetch data responses are marked no-store unless the route chose otherwise', () => {
    expect(handleDataRequest(new Response('x')).headers.get('Cache-Control')).toBe('no-store')
    expect(handleDataRequest(new Response('x', { headers: { 'Cache-Control': 'private, max-age=60' } })).headers.get('Cache-Control')).toBe('private, max-age=60')
    const redirect = handleDataRequest(new Response(null, { status: 302, headers: { Location: '/x' } }))
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('Location')).toBe('/x')
  })
})
