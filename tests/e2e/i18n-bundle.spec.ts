import type { Page } from '@playwright/test'
import { en } from '../../app/i18n/en'
import { ko } from '../../app/i18n/ko'
import { expect, test } from './fixtures'

// Issue #20: the browser loads the page's own language only (app/i18n/registry.ts), not both catalogs in a shared chunk.
// The messages come as a script of their own, cached for good under a versioned address.

/** Every script the page loaded, as text, while `load` ran. */
async function scriptsOf(page: Page, load: () => Promise<unknown>) {
  const bodies: Promise<string>[] = []
  const headers: Record<string, string>[] = []
  const onResponse = (r: import('@playwright/test').Response) => {
    if (r.request().resourceType() !== 'script') return
    bodies.push(r.text().catch(() => ''))
    if (r.url().includes('/i18n/')) headers.push(r.headers())
  }
  page.on('response', onResponse)
  await load()
  await page.waitForLoadState('networkidle')
  page.off('response', onResponse)
  return { text: (await Promise.all(bodies)).join('\n'), messageHeaders: headers }
}

// Sentences that are in one catalog only (no key names, no shared words).
const koOnly = JSON.stringify(ko['admin.disableQuestion']).slice(1, -1)
const enOnly = JSON.stringify(en['admin.disableQuestion']).slice(1, -1)

test('a page in Korean loads Korean messages only, and English after switching', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'without JavaScript no script loads at all')
  const korean = await scriptsOf(page, () => page.goto('/login'))
  expect(korean.text).toContain(koOnly)
  expect(korean.text).not.toContain(enOnly)
  expect(korean.messageHeaders).toHaveLength(1)
  expect(korean.messageHeaders[0]['cache-control']).toContain('immutable')
  await expect(page.getByRole('button', { name: '로그인', exact: true })).toBeVisible()

  const english = await scriptsOf(page, () => page.getByRole('button', { name: /언어 변경/ }).click())
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible()
  expect(english.text).toContain(enOnly)
  expect(english.text).not.toContain(koOnly)
})
