import { expect, test } from './fixtures'
import { login } from './helpers'

// A tablet on a slow link: the operator taps a menu item, and before its data has arrived taps another. The first
// load is cancelled mid-body; that is not an error, and nothing may be reported as one (Remix logged "AbortError" as a
// decoding failure whenever a revalidation or navigation was cut short while its body streamed — it once failed CI).
// The browser's fetch is wrapped so that the first data load sends half its body and then waits, as a slow network
// does; when the router cancels it, the body fails with the router's abort reason, as a real cancelled fetch's does.

test('a page load cut short by the next tap reports no error, and the next page shows', async ({ page }, info) => {
  test.skip(info.project.use.javaScriptEnabled === false, 'without JavaScript every tap is a full page load')
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined))
  await page.setViewportSize({ width: 1180, height: 820 })
  await login(page)

  await page.addInitScript(() => {
    const w = window as unknown as { __stalled?: boolean }
    const realFetch = window.fetch.bind(window)
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href)
      const get = !init?.method || init.method.toUpperCase() === 'GET'
      if (w.__stalled || !get || !url.pathname.endsWith('.data')) return realFetch(input, init)
      w.__stalled = true
      const res = await realFetch(input, init)
      const bytes = new Uint8Array(await res.arrayBuffer())
      const signal = init?.signal
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(bytes.slice(0, Math.max(1, bytes.length >> 1)))
          signal?.addEventListener('abort', () => c.error(signal.reason))
        },
      })
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers })
    }
  })
  await page.goto('/')
  const nav = page.getByRole('navigation')
  await nav.getByRole('link', { name: '주문', exact: true }).first().click()
  await expect.poll(() => page.evaluate(() => (window as unknown as { __stalled?: boolean }).__stalled === true)).toBe(true)
  await nav.getByRole('link', { name: '프린터', exact: true }).first().click()
  await expect(page).toHaveURL(/\/printers$/)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  expect(problems).toEqual([])
})
