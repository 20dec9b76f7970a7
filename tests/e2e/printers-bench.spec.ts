import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { addFilamentWithSpool, addOrderWithJob, addPrinter, addProduct, login, tag } from './helpers'

/**
 * The operator's bench flow, with and without JavaScript (both projects): scan the printer's label → the printer page
 * (bench view) → Start → Record output → weigh the spool, each step at most three taps. Every step is a real form post
 * or a link. The shop is built through the forms first (a printer of its own, a filament + spool, a product, an order and
 * one hand-placed job on the printer), so the test needs no other test's data.
 */

/** Counts the operator's taps per step: a click or a field filled is one tap. */
function taps(page: Page) {
  let count = 0
  return {
    tap: async (l: Locator) => {
      count++
      await l.click()
    },
    fill: async (l: Locator, value: string) => {
      count++
      await l.fill(value)
    },
    /** Runs one step of the flow and checks it took at most three taps. */
    step: async (name: string, body: () => Promise<void>) => {
      count = 0
      await body()
      expect(count, `${name}: taps`).toBeLessThanOrEqual(3)
    },
    page,
  }
}

test('scan the label → start the next job → record its output → weigh the spool, ≤ 3 taps a step', async ({ page }, info) => {
  const t = tag(info).toUpperCase()
  const material = `BEN${t}`
  const colour = `Apricot ${t}`
  const asset = `BENCH-${t}`
  const product = `벤치 위젯 ${t}`
  const reference = `PO-BENCH-${t}`
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  // With JavaScript on, the pages hydrate without a server/client mismatch (times, progress, label pages). A 400 is a
  // form answer the browser logs (the new-job form asks the server to update its plate quantity), not a page error.
  page.on('console', (m) => (m.type() === 'error' && !m.text().includes('status of 400') ? problems.push(m.text()) : undefined))
  await login(page)

  // The shop: a 24/7 printer for this material, a filament with one 1,000 g spool, a product (4 a plate, 10 g each), an order of 8.
  const printerUrl = await addPrinter(page, { asset, name: 'Bench printer', material })
  // Nothing planned yet: the bench says so in plain words.
  await expect(page.getByTestId('bench-idle')).toHaveText('출력 중인 작업이 없습니다.')
  await expect(page.getByTestId('bench-next')).toContainText('이 프린터에 계획된 작업이 없습니다.')

  await addFilamentWithSpool(page, { material, colour, hex: '#f87171' })
  await addProduct(page, { name: product, material, colour })
  await addOrderWithJob(page, { product, reference, printerUrl })

  const op = taps(page)
  // 1. Scan the label: its QR code opens the printer page, where the bench is the first thing.
  await page.goto(`${printerUrl}/label`)
  const scanned = await page.getByTestId('qr-label').locator('div[role="img"]').getAttribute('aria-label')
  expect(scanned).toMatch(new RegExp(`${printerUrl}$`))
  await page.goto(scanned!)
  const next = page.getByTestId('bench-next')
  await expect(next).toContainText(reference)
  await expect(next).toContainText(product)
  await expect(next).toContainText('4개 (한 판 최대 4개)')
  // The spool to load: this material and colour, the FIFO spool with its lot and label.
  const spool = page.getByTestId('bench-spool')
  await expect(spool).toContainText(`${material} · ${colour}`)
  await expect(spool).toContainText('Acme · 로트 S1')
  await expect(spool).toContainText('남은 양 1,000.0 g')
  await expect(page.getByTestId('bench-maintenance')).toBeVisible()
  const spoolUrl = await page.getByTestId('bench-spool-label').getAttribute('href')
  expect(spoolUrl).toMatch(/^\/inventory\/spools\/[0-9a-f-]{36}$/)

  // 2. Start: one tap.
  await op.step('start', async () => {
    const start = page.getByRole('button', { name: '출력 시작' })
    expect((await start.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await op.tap(start)
    await expect(page.getByTestId('toast')).toHaveText(`출력을 시작했습니다: ${reference}.`)
  })
  const current = page.getByTestId('bench-current')
  await expect(current).toContainText(reference)
  await expect(current).toContainText(product)
  await expect(page.getByTestId('bench-progress')).toContainText('계획 시간의')
  await expect(page.getByTestId('bench-next')).toContainText('이 프린터에 계획된 작업이 없습니다.')

  // The fleet list and the dashboard show the job and lead straight back to this bench.
  await page.goto('/printers')
  await expect(page.getByTestId(`printer-row-${asset}`).getByTestId('current-job')).toContainText(reference)
  await page.goto('/')
  const card = page.getByTestId('printer-now').filter({ hasText: asset })
  await expect(card.getByTestId('printer-now-action')).toHaveText('실적 기록')

  // 3. Record output: from the dashboard card, one tap to the bench, one tap to record (the defaults are the plate).
  await op.step('record output', async () => {
    await op.tap(card.getByTestId('printer-now-action'))
    await expect(page).toHaveURL(new RegExp(`${printerUrl}#bench$`))
    await expect(page.getByLabel('양품 수량').first()).toHaveValue('4')
    await op.tap(page.getByRole('button', { name: '✓ 실적 기록' }))
    await expect(page.getByTestId('toast')).toHaveText(`${reference} 실적을 기록했습니다: 양품 4, 불량 0.`)
  })
  await expect(page.getByTestId('bench-idle')).toBeVisible()
  await page.goto(`/inventory?colour=${encodeURIComponent(colour)}`)
  await expect(page.getByTestId('batch-subtotal')).toContainText('960.0 g')

  // 4. Weigh the spool: its own label (the QR code on the spool, the same link the bench shows) opens it; the weight on
  // the scale and one tap record it (1,200 g gross − 250 g empty spool = 950 g left, after the job's 40 g).
  await op.step('weigh the spool', async () => {
    await page.goto(spoolUrl!)
    await op.fill(page.getByLabel('저울 총중량 (g)'), '1200')
    await op.tap(page.getByRole('button', { name: '무게 기록' }))
    await expect(page.getByTestId('toast')).toContainText('950.0')
  })

  // The label pages: a Print button with JavaScript, a hint about the browser's Print command without; on paper only
  // the labels (the print CSS arrives unescaped, so the app's header and the controls are hidden).
  for (const labels of [`${printerUrl}/label`, `/inventory/labels?ids=${spoolUrl!.split('/').pop()}`]) {
    await page.goto(labels)
    if (info.project.use.javaScriptEnabled === false) await expect(page.getByTestId('print-hint')).toContainText('Ctrl+P')
    else await expect(page.getByRole('button', { name: '라벨 인쇄' })).toBeVisible()
    await page.emulateMedia({ media: 'print' })
    await expect(page.locator('header').first()).toBeHidden()
    await expect(page.locator('[data-print-hide]').first()).toBeHidden()
    await expect(page.locator('[data-testid="qr-label"], [data-testid="spool-label"]').first()).toBeVisible()
    await page.emulateMedia({ media: 'screen' })
  }
  expect(problems).toEqual([])
})

test('a failed print is recorded from the bench in two taps', async ({ page }, info) => {
  const t = tag(info).toUpperCase()
  const material = `BFL${t}`
  const colour = `Mint ${t}`
  const asset = `BFAIL-${t}`
  const product = `실패 위젯 ${t}`
  const reference = `PO-BFAIL-${t}`
  await login(page)
  const printerUrl = await addPrinter(page, { asset, name: 'Fail bench', material })
  await addFilamentWithSpool(page, { material, colour, hex: '#34d399' })
  await addProduct(page, { name: product, material, colour })
  await addOrderWithJob(page, { product, reference, printerUrl, quantity: 4 })
  await page.goto(printerUrl)
  await page.getByRole('button', { name: '출력 시작' }).click()
  await expect(page.getByTestId('bench-current')).toContainText(reference)

  const op = taps(page)
  await op.step('problem', async () => {
    await op.tap(page.getByText('문제 발생: 출력 실패'))
    await op.tap(page.getByRole('button', { name: '실패로 기록' }))
    await expect(page.getByTestId('toast')).toHaveText(`${reference} 출력 실패를 기록했습니다: 양품 0, 불량 4.`)
  })
  await expect(page.getByTestId('bench-idle')).toBeVisible()
})
