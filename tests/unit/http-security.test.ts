import { describe, expect, test } from 'vitest'
import { contentSecurityPolicy, isCrossSiteRequest, securityHeaders } from '~/utils/http-security.server'

const post = (facts: Partial<Parameters<typeof isCrossSiteRequest>[0]>) =>
  isCrossSiteRequest({ method: 'POST', host: 'shop.local:3000', origin: undefined, secFetchSite: undefined, authorization: undefined, ...facts })

describe('cross-site request check', () => {
  test('refuses writes that browsers mark as cross-site or same-site (another origin)', () => {
    expect(post({ secFetchSite: 'cross-site' })).toBe(true)
    expect(post({ secFetchSite: 'same-site' })).toBe(true)
  })
  test('allows same-origin writes and typed navigations', () => {
    expect(post({ secFetchSite: 'same-origin' })).toBe(false)
    expect(post({ secFetchSite: 'none' })).toBe(false)
  })
  test('falls back to comparing Origin with Host when Sec-Fetch-Site is absent', () => {
    expect(post({ origin: 'http://shop.local:3000' })).toBe(false)
    expect(post({ origin: 'https://evil.example' })).toBe(true)
    expect(post({ origin: 'null' })).toBe(true)
    expect(post({ origin: 'not a url' })).toBe(true)
  })
  test('never blocks reads, and lets bearer-token API clients through', () => {
    expect(isCrossSiteRequest({ method: 'GET', host: 'a', origin: 'https://evil.example', secFetchSite: 'cross-site', authorization: undefined })).toBe(false)
    expect(post({ secFetchSite: 'cross-site', authorization: 'Bearer abc', path: '/api/v1/vibration-data' })).toBe(false)
  })
  test('requests without browser headers (curl, gateways) pass: they carry no ambient browser authority', () => {
    expect(post({})).toBe(false)
  })
})

describe('security headers', () => {
  test('carry the nonce, forbid framing and sniffing, and set a referrer policy', () => {
    const h = securityHeaders('abc123')
    expect(h['Content-Security-Policy']).toContain("script-src 'self' 'nonce-abc123'")
    expect(h['Content-Security-Policy']).toContain("frame-ancestors 'none'")
    expect(h['Content-Security-Policy']).not.toContain('unsafe-eval')
    expect(h['X-Content-Type-Options']).toBe('nosniff')
    expect(h['Referrer-Policy']).toBe('strict-origin-when-cross-origin')
  })
  test('only development allows eval and websockets (live reload)', () => {
    expect(contentSecurityPolicy('n', true)).toContain("'unsafe-eval'")
    expect(contentSecurityPolicy('n', false)).not.toContain('ws:')
  })
})
