import { expect, test } from './fixtures'
import { addFilamentWithSpool, addProduct, login, tag, particle, newOrderFor } from './helpers'

// A plan covers every open order of the shop: this test runs alone (tests/e2e/fixtures.ts).
test.use({ alone: true })

/**
 * Issue 16, items 7 and 8, in both projects (JS on and off): planning again moves nothing, a refused move offers the
 * next free slot as a button, the lock state is written out, and a new job starts at one full plate.
 */
test('plan twice → nothing moves; a refused move offers the next free slot; a new job starts at one full plate', async ({ page }, info) => {
  const t = tag(info).toUpperCase()
  const material = `PLN${t}`
  const asset = `PLN-${t}`
  const colour = `Olive ${t}`
  const product = `계획 위젯 ${t}`
  const reference = `PO-PLN-${t}`
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('console', (m) => (m.type() === 'error' && !/status of (400|409)/.test(m.text()) ? problems.push(m.text()) : undefined))
  await page.setViewportSize({ width: 820, height: 1180 })
  await login(page)

  await page.goto('/printers/new')
  await page.getByLabel('자산 번호').fill(asset)
  await page.getByLabel('이름').fill('Planning bench')
  await page.getByLabel('지원 소재').fill(material)
  await page.getByLabel('가동 시간', { exact: true }).selectOption('always')
  await page.getByRole('button', { name: '프린터 등록' }).click()
  await expect(page.getByTestId('toast')).toBeVisible()
  await addFilamentWithSpool(page, { material, colour, hex: '#65a30d' })
  await addProduct(page, { name: product, material, colour })
  await newOrderFor(page, product)
  await page.getByLabel('주문 번호').fill(reference)
  await page.getByLabel('목표 수량').fill('8')
  await page.getByRole('button', { name: '주문 등록' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`주문 ${reference}${particle(reference, '을/를')} 등록했습니다.`)
  await page.getByRole('link', { name: reference }).first().click()
  await expect(page).toHaveURL(/\/orders\/[^/]+$/)
  const orderId = new URL(page.url()).pathname.split('/').pop()!

  // Plan and apply: two plates of 4.
  const shot = async (name: string) => {
    if (!process.env.SHOTS_DIR) return
    for (const size of [{ width: 820, height: 1180 }, { width: 1180, height: 820 }]) {
      await page.setViewportSize(size)
      await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-${size.width}-${info.project.name}.png`, fullPage: true })
    }
    await page.setViewportSize({ width: 820, height: 1180 })
  }
  await page.goto('/schedule/plan')
  await expect(page.getByTestId('plan-changes').getByRole('row').filter({ hasText: reference })).toHaveCount(2)
  await expect(page.getByTestId('plan-load')).toBeVisible()
  await shot('plan-preview')
  await page.getByRole('button', { name: '이 계획 적용' }).click()
  await expect(page).toHaveURL(/\/schedule$/)

  // Recompute: the stored jobs keep their slots, nothing of this order is listed as a change.
  await page.goto('/schedule/plan')
  await expect(page.getByTestId('count-moved')).toHaveText('0')
  await expect(page.getByRole('row').filter({ hasText: reference })).toHaveCount(0)

  // Move the second plate onto the first one: refused, with a button for the next free slot.
  await page.goto('/schedule')
  const row = page.locator(`[data-testid="gantt-row"][data-printer="${asset}"]`)
  // The two 30-minute plates are one group at the week zoom; its sheet lists both.
  const plates = page.getByTestId('gantt-sheet').getByTestId('gantt-job')
  await row.getByTestId('gantt-group').click()
  await expect(plates).toHaveCount(2)
  const startField = page.locator('input[name="start"][type="datetime-local"]')
  await plates.first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(reference)
  const firstStart = await startField.inputValue()
  await expect(page.getByTestId('lock-state')).toContainText('고정 안 됨')
  await page.goto('/schedule')
  await row.getByTestId('gantt-group').click()
  await plates.nth(1).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(reference)
  const secondUrl = page.url()
  await startField.fill(firstStart)
  await page.getByRole('button', { name: '옮기기', exact: true }).click()
  const offer = page.getByTestId('next-slot')
  await expect(offer.getByRole('button')).toContainText('다음 빈 시간에 넣기')
  await shot('move-refused')
  const box = await offer.getByRole('button').boundingBox()
  expect(box!.height).toBeGreaterThanOrEqual(44)
  await offer.getByRole('button').click()
  await expect(page.getByTestId('toast')).toHaveText('작업을 옮겼습니다.')
  expect(page.url()).toBe(secondUrl)
  await expect(page.getByTestId('lock-state')).toContainText('고정됨')
  await expect(page.getByTestId('next-slot')).toHaveCount(0)
  // The date-and-time field is shown in full at 820 px (not cut off).
  const field = await startField.evaluate((el: HTMLInputElement) => ({ client: el.clientWidth, scroll: el.scrollWidth }))
  expect(field.scroll).toBeLessThanOrEqual(field.client)

  // A refused move right after a successful one shows only the refusal: the earlier green toast is gone, with JS as
  // without it (issue 16, item 10).
  await startField.fill(firstStart)
  await page.getByRole('button', { name: '옮기기', exact: true }).click()
  await expect(page.getByTestId('next-slot')).toBeVisible()
  await expect(page.getByTestId('toast')).toHaveCount(0)

  // Cancelling asks first (issue 16, item 4): the first tap only opens the question; the red button sends it.
  await page.goto(secondUrl)
  await page.getByTestId('confirm-cancel').getByText('작업 취소', { exact: true }).click()
  await expect(page.getByText('이 작업을 취소할까요?')).toBeVisible()
  await expect(page.getByTestId('toast')).toHaveCount(0)
  await page.getByRole('button', { name: '예, 작업 취소' }).click()
  await expect(page.getByTestId('toast')).toHaveText('작업을 취소했습니다.')

  // A new job for this order starts at one full plate of its product (4 units).
  await page.goto(`/schedule/jobs/new?order=${orderId}`)
  await expect(page.getByLabel('이 판의 수량')).toHaveValue('4')
  await page.screenshot({ path: info.outputPath('new-job-820.png'), fullPage: true })
  expect(problems).toEqual([])
})
