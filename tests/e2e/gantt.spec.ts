import type { Locator } from '@playwright/test'
import { expect, test } from './fixtures'
import { addFilamentWithSpool, addJob, addProduct, langCookie, login, newOrderFor, particle, tag } from './helpers'

/**
 * The planning board on a tablet (issue 17, item 1), in both projects (JS on and off), in Korean and English, at
 * 820×1180 and 1180×820, at every zoom: every bar shows its order number whole (a group opens a sheet that lists its
 * jobs' order numbers), nothing to tap is smaller than 44×44 px, a printer whose jobs do not overlap draws them on one
 * lane, the page never scrolls sideways (the board fits), no console errors. Also the agenda view, and the data the drag
 * work will read. Screenshots of the board go to test-results/gantt/ for people to look at.
 */
const SIZES = [
  { name: 'portrait', width: 820, height: 1180 },
  { name: 'landscape', width: 1180, height: 820 },
] as const
const ZOOMS = ['day', '3d', 'week'] as const
const TIME_ZONE = 'Asia/Seoul'

/** The shop's local date `days` from today (YYYY-MM-DD). */
const localDay = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(Date.now() + days * 86_400_000))

/** Boxes of the row's bars and groups; each bar's order number checked to be drawn whole inside its bar. */
async function rowItems(row: Locator, reference: string) {
  return row.locator('[data-testid="gantt-job"], [data-testid="gantt-group"]').evaluateAll(
    (els, ref) =>
      els.map((el) => {
        const r = el.getBoundingClientRect()
        const b = el.querySelector('b')!.getBoundingClientRect()
        return {
          kind: el.getAttribute('data-testid') === 'gantt-group' ? 'group' : 'bar',
          width: r.width,
          height: r.height,
          top: Math.round(r.top),
          text: (el as HTMLElement).innerText,
          // The order number is inside the bar (not cut by its edge) and is the bar's own.
          whole: b.left >= r.left - 0.5 && b.right <= r.right + 0.5 && (el.querySelector('b')!.textContent ?? '').includes(ref),
          href: el.getAttribute('href')!,
        }
      }),
    reference,
  )
}

test('the board at both tablet sizes, ko and en, every zoom: order numbers legible, 44 px targets, one lane, no sideways page', async ({ page, context, baseURL }, info) => {
  test.setTimeout(240_000)
  const t = tag(info).toUpperCase()
  const material = `GNT${t}`
  const asset = `GNT-${t}`
  const colour = `Plum ${t}`
  const product = `보드 위젯 ${t}`
  const reference = `PO-G-${t}`
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
  page.on('console', (m) => {
    if ((m.type() === 'error' && !/status of (400|409)/.test(m.text())) || (m.type() === 'warning' && /hydrat/i.test(m.text()))) errors.push(`${page.url()}: ${m.text()}`)
  })
  await login(page)

  // A 24/7 printer, a product and an order of 16 units; four jobs tomorrow: a long one, two short ones close together
  // (a group at every zoom), and an evening one (not locked: movable).
  await page.goto('/printers/new')
  await page.getByLabel('자산 번호').fill(asset)
  await page.getByLabel('이름').fill('Board bench')
  await page.getByLabel('지원 소재').fill(material)
  await page.getByLabel('가동 시간', { exact: true }).selectOption('always')
  await page.getByRole('button', { name: '프린터 등록' }).click()
  await expect(page.getByTestId('toast')).toBeVisible()
  await addFilamentWithSpool(page, { material, colour, hex: '#7e22ce' })
  await addProduct(page, { name: product, material, colour })
  await newOrderFor(page, product)
  await page.getByLabel('주문 번호').fill(reference)
  await page.getByLabel('목표 수량').fill('16')
  await page.getByRole('button', { name: '주문 등록' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`주문 ${reference}${particle(reference, '을/를')} 등록했습니다.`)
  const day = localDay(1)
  for (const [start, end, locked] of [
    ['09:00', '15:00', true],
    ['16:00', '16:30', true],
    ['16:40', '17:10', true],
    ['20:00', '23:30', false],
  ] as const) {
    await addJob(page, { reference, asset, start: `${day}T${start}`, end: `${day}T${end}`, locked })
  }

  // What the drag work (items 2–3) will read: the printer on the row, each bar's job, times and whether it may move.
  await page.goto(`/schedule?zoom=day&start=${day}`)
  const mine = page.locator(`[data-testid="gantt-row"][data-printer="${asset}"]`)
  await expect(mine).toHaveAttribute('data-pid', /^[0-9a-f-]{36}$/)
  const bars = mine.getByTestId('gantt-job')
  await expect(bars).toHaveCount(2)
  await expect(bars.nth(0)).not.toHaveAttribute('data-movable', /.*/) // locked
  await expect(bars.nth(1)).toHaveAttribute('data-movable', '')
  await expect(bars.nth(1)).toHaveAttribute('data-job', /^[0-9a-f-]{36}$/)
  expect(Number(await bars.nth(1).getAttribute('data-e')) - Number(await bars.nth(1).getAttribute('data-s'))).toBe(210) // 20:00–23:30
  // A bar opens its job.
  await bars.nth(0).click()
  await expect(page).toHaveURL(/\/schedule\/jobs\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(reference)

  const problems: string[] = []
  for (const lang of ['ko', 'en'] as const) {
    await context.addCookies([{ name: 'mes_lang', value: langCookie(lang), url: baseURL! }])
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height })
      for (const zoom of ZOOMS) {
        const where = `${lang} ${size.width}×${size.height} ${zoom}`
        const res = await page.goto(`/schedule?zoom=${zoom}&start=${zoom === 'day' ? day : localDay(0)}`)
        expect(res?.status(), where).toBe(200)
        const row = page.locator(`[data-testid="gantt-row"][data-printer="${asset}"]`)
        await expect(row, where).toHaveCount(1)
        const items = await rowItems(row, reference)
        // The four jobs are all on the board (as bars or inside groups).
        expect(items.length, where).toBeGreaterThan(0)
        for (const it of items) {
          if (it.width < 44 - 0.5 || it.height < 44 - 0.5) problems.push(`${where}: ${it.kind} "${it.text}" is ${Math.round(it.width)}×${Math.round(it.height)}`)
          if (it.kind === 'bar' && !it.whole) problems.push(`${where}: bar "${it.text}" does not show ${reference} whole`)
        }
        // No overlapping jobs → one lane: every item at the same height.
        expect(new Set(items.map((i) => i.top)).size, `${where}: lanes`).toBe(1)
        // The page never scrolls sideways, and at these widths the board fits without scrolling inside either.
        const widths = await page.evaluate(() => {
          const board = document.querySelector<HTMLElement>('[data-testid="gantt"]')!
          return { page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, board: board.scrollWidth, boardBox: board.clientWidth }
        })
        if (widths.page > widths.view) problems.push(`${where}: page is ${widths.page}px wide in ${widths.view}px`)
        if (widths.board > widths.boardBox + 1) problems.push(`${where}: board scrolls sideways (${widths.board} in ${widths.boardBox})`)
        if (zoom === 'day') {
          // The long job stands alone as a bar; the two short ones are one group.
          expect(items.map((i) => i.kind), where).toEqual(['bar', 'group', 'bar'])
        }
        await page.screenshot({ path: `test-results/gantt/${lang}-${size.width}x${size.height}-${zoom}-${info.project.name}.png`, fullPage: true })

        // Every group opens a sheet listing its jobs by order number; "Close" returns to the board.
        for (const it of items.filter((i) => i.kind === 'group')) {
          await row.locator(`[data-testid="gantt-group"][href="${it.href}"]`).click()
          const sheet = page.getByTestId('gantt-sheet')
          await expect(sheet, where).toBeVisible()
          // As many jobs as the group says (its label: "3 jobs" / "작업 3건").
          const listed = sheet.getByTestId('gantt-job')
          const count = Number(/\d+/.exec(it.text)![0])
          expect(count, where).toBeGreaterThanOrEqual(2)
          await expect(listed, where).toHaveCount(count)
          for (const text of await listed.allInnerTexts()) expect(text, where).toContain(reference)
          for (const box of await listed.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
            if (box.height < 44 - 0.5 || box.width < 44 - 0.5) problems.push(`${where}: sheet row ${Math.round(box.width)}×${Math.round(box.height)}`)
          }
          if (zoom === 'week' && size.width === 820) await page.screenshot({ path: `test-results/gantt/${lang}-${size.width}x${size.height}-sheet-${info.project.name}.png` })
          await sheet.getByRole('link', { name: lang === 'ko' ? '닫기' : 'Close' }).click()
          await expect(page.getByTestId('gantt-sheet')).toHaveCount(0)
        }
      }

      // The agenda view: the printer's next job (tomorrow's first) by order number, as a 44 px link.
      await page.goto('/schedule?view=agenda')
      const card = page.locator(`[data-testid="agenda-printer"][data-printer="${asset}"]`)
      await expect(card).toContainText(reference)
      const box = await card.getByTestId('gantt-job').first().boundingBox()
      expect(box!.height).toBeGreaterThanOrEqual(44)
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      if (pageWidth > 0) problems.push(`${lang} ${size.width} agenda: page scrolls sideways by ${pageWidth}px`)
      await page.screenshot({ path: `test-results/gantt/${lang}-${size.width}x${size.height}-agenda-${info.project.name}.png`, fullPage: true })
    }
  }
  expect(problems).toEqual([])
  expect(errors).toEqual([])
})
