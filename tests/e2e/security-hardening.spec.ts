import { expect, test } from './fixtures'
import { login } from './helpers'

// Issue #15 findings 7 (HSTS, no-store, __Host- cookie) and 10 (cross-site check: Bearer exemption, Remix's origin
// check answering 500) against the production build.

test('with Secure cookies: HSTS on every response, the session cookie is __Host-, authenticated HTML and data are no-store', async ({ page, context, request }) => {
  const anonymous = await request.get('/login')
  expect(anonymous.headers()['strict-transport-security']).toMatch(/max-age=\d{8,}; includeSubDomains/)
  expect((await request.get('/favicon.svg')).headers()['strict-transport-security']).toBeDefined()

  await login(page)
  const cookies = await context.cookies()
  expect(cookies.find((c) => c.name === 'mes_session')).toBeUndefined()
  expect(cookies.find((c) => c.name === '__Host-mes_session')).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Lax' })

  for (const path of ['/', '/orders', '/admin/tokens', '/account']) {
    const res = await page.goto(path)
    expect(res!.status(), path).toBe(200)
    expect(res!.headers()['cache-control'], path).toBe('no-store')
  }
  // Client-side navigations fetch `.data`: the same.
  const data = await page.request.get('/orders.data')
  expect(data.status()).toBe(200)
  expect(data.headers()['cache-control']).toBe('no-store')
  const tokensData = await page.request.get('/admin/tokens.data')
  expect(tokensData.headers()['cache-control']).toBe('no-store')
})

test('a Bearer header exempts only /api/v1 calls without a session cookie from the cross-site check', async ({ page, request }) => {
  // A POST with a Bearer header from another site to anything but /api/v1: refused (before, /language — a resource
  // route Remix does not check — even changed the language).
  const page1 = await request.post('/language', {
    form: { lang: 'en', redirectTo: '/' },
    headers: { Origin: 'https://evil.example', Authorization: 'Bearer mes_whatever' },
    maxRedirects: 0,
  })
  expect(page1.status()).toBe(403)
  // A gateway's API call from anywhere: reaches the API (401 for an unknown token, not 403 cross-site).
  const api = await request.post('/api/v1/vibration-data', {
    data: 'x',
    headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', Authorization: 'Bearer mes_unknown', 'Content-Type': 'text/csv' },
  })
  expect(api.status()).toBe(401)
  // The same call with a session cookie is a browser's: checked, refused.
  await login(page)
  const withCookie = await page.request.post('/api/v1/vibration-data', {
    data: 'x',
    headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', Authorization: 'Bearer mes_unknown', 'Content-Type': 'text/csv' },
  })
  expect(withCookie.status()).toBe(403)
})

test("a page action Remix's own origin check refuses answers 403, not 500", async ({ page }) => {
  await login(page)
  const base = new URL(page.url()).origin
  const form = { username: 'nobody-x', displayName: 'X', role: 'viewer', password: 'violet-harbour-kettle-42', confirm: 'violet-harbour-kettle-42' }
  // The browser says same-origin, but X-Forwarded-Host differs from Origin: Remix throws ("host header does not match").
  const forwarded = await page.request.post('/admin/users', {
    form,
    headers: { Origin: base, 'Sec-Fetch-Site': 'same-origin', 'X-Forwarded-Host': 'evil.example' },
    maxRedirects: 0,
  })
  expect(forwarded.status()).toBe(403)
  // A page action with a Bearer header from another site reached Remix, which threw as well.
  const bearer = await page.request.post('/admin/users', {
    form,
    headers: { Origin: 'https://evil.example', Authorization: 'Bearer mes_whatever' },
    maxRedirects: 0,
  })
  expect(bearer.status()).toBe(403)
  const malformed = await page.request.post('/admin/users', { form, headers: { Origin: 'http://[::1', 'Sec-Fetch-Site': 'same-origin' }, maxRedirects: 0 })
  expect(malformed.status()).toBe(403)
  // Nothing of that was created; the ordinary same-origin POST still works.
  const same = await page.request.post('/language', { form: { lang: 'ko', redirectTo: '/' }, headers: { Origin: base }, maxRedirects: 0 })
  expect(same.status()).toBe(302)
  await page.goto('/admin/users')
  await expect(page.getByText('nobody-x')).toHaveCount(0)
})
