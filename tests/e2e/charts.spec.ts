import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { login } from './helpers'

/**
 * Charts on a tablet (issue 16, item 6): they fit the screen (the page never scrolls sideways), their text is at least
 * 12 px on screen, a period without data shows "데이터 없음" over a 0…4 axis, and no page logs an error (no `d="null"`).
 * Screenshots go to SHOTS_DIR when it is set (for people to look at; never compared).
 */
const SIZES = [
  { width: 820, height: 1180 },
  { width: 1180, height: 820 },
] as const
const PAGES = ['/', '/statistics', '/statistics?period=custom&from=2020-01-01&to=2020-01-31'] as const

/** The smallest on-screen font size of any text inside a chart (chart units × the chart's scale). */
async function smallestChartText(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    let smallest: number | null = null
    for (const frame of document.querySelectorAll<SVGSVGElement>('figure[role="img"] > svg[viewBox]')) {
      const box = frame.viewBox.baseVal
      const scale = frame.getBoundingClientRect().width / box.width
      for (const text of frame.querySelectorAll('text')) {
        if (!text.textContent?.trim()) continue
        const size = parseFloat(getComputedStyle(text).fontSize) * scale
        smallest = smallest === null ? size : Math.min(smallest, size)
      }
    }
    return smallest
  })
}

for (const size of SIZES) {
  test(`charts fit a ${size.width}×${size.height} tablet: no sideways scroll, text ≥ 12 px, no console errors`, async ({ page }, info) => {
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined))
    await page.setViewportSize(size)
    await login(page)
    for (const url of PAGES) {
      await page.goto(url)
      await expect(page.locator('main, body').first()).toBeVisible()
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }))
      expect(scrollWidth, `${url} at ${size.width} px`).toBeLessThanOrEqual(clientWidth)
      const smallest = await smallestChartText(page)
      if (smallest !== null) expect(smallest, `${url}: smallest chart text`).toBeGreaterThanOrEqual(11.95)
      expect(await page.locator('path[d="null"]').count()).toBe(0)
      if (process.env.SHOTS_DIR) {
        const name = `${url.replace(/[^a-z0-9]+/gi, '_') || 'home'}-${size.width}x${size.height}-${info.project.name}.png`
        await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}`, fullPage: true })
      }
    }
    expect(problems).toEqual([])
  })
}

test('a period without data: every statistics chart says "데이터 없음" over a 0…4 axis instead of collapsing', async ({ page }) => {
  await login(page)
  await page.goto('/statistics?period=custom&from=2020-01-01&to=2020-01-31')
  const empty = page.getByTestId('chart-empty')
  expect(await empty.count()).toBeGreaterThan(0)
  for (const chart of await empty.all()) {
    await expect(chart).toContainText('데이터 없음')
    for (const tick of ['0', '1', '2', '3', '4']) await expect(chart.locator('text', { hasText: new RegExp(`^${tick}$`) })).toHaveCount(1)
  }
})
