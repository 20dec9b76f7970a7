import { expect, test } from './fixtures'
import { addFilamentWithSpool, addProduct, login, tag, particle, newOrderFor } from './helpers'

// A plan covers every open order of the shop, and applying it is refused when the shop changed after the preview: this
// test runs alone, with no other test writing meanwhile (tests/e2e/fixtures.ts).
test.use({ alone: true })

// Runs in both the js-on and js-off projects: every step is a real form post, a link or a GET form.
test('plan → preview → apply → Gantt → start and finish a job → order progress and inventory change', async ({ page }, info) => {
  const t = tag(info).toUpperCase()
  const material = `SCH${t}`
  const asset = `SCH-${t}`
  const colour = `Teal ${t}`
  const product = `스케줄 위젯 ${t}`
  const reference = `PO-SCH-${t}`
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  // With JavaScript on, every page hydrates without a server/client mismatch (dates and times included).
  page.on('console', (m) => (m.type() === 'error' && !/status of (400|409)/.test(m.text()) ? problems.push(m.text()) : undefined))
  await login(page)

  // A 24/7 printer that prints only this test's material, a filament with one spool, a product and an order of 6 units.
  await page.goto('/printers/new')
  await page.getByLabel('자산 번호').fill(asset)
  await page.getByLabel('이름').fill('Scheduling bench')
  await page.getByLabel('지원 소재').fill(material)
  await page.getByLabel('가동 시간', { exact: true }).selectOption('always')
  await page.getByRole('button', { name: '프린터 등록' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`프린터 ${asset}를 등록했습니다.`)

  await addFilamentWithSpool(page, { material, colour, hex: '#0d9488' })
  await addProduct(page, { name: product, material, colour })

  await newOrderFor(page, product)
  await page.getByLabel('주문 번호').fill(reference)
  await page.getByLabel('목표 수량').fill('6')
  await page.getByRole('button', { name: '주문 등록' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`주문 ${reference}${particle(reference, '을/를')} 등록했습니다.`)

  // Plan: the preview lists the order's two plates (4 + 2) as additions; apply commits them.
  await page.goto('/schedule')
  await page.getByRole('link', { name: '계획 수립' }).click()
  await expect(page).toHaveURL(/\/schedule\/plan$/)
  const changes = page.getByTestId('plan-changes').getByRole('row').filter({ hasText: reference })
  await expect(changes).toHaveCount(2)
  await expect(changes.first()).toContainText(asset)
  await expect(changes.first()).toContainText('추가')
  await page.getByRole('button', { name: '이 계획 적용' }).click()
  await expect(page).toHaveURL(/\/schedule$/)
  await expect(page.getByTestId('toast')).toContainText('계획을 적용했습니다')

  // The Gantt shows the two plates on this printer, with the now line: two 30-minute plates are one group at the week
  // zoom (too short to tap one by one), whose sheet lists both.
  const row = page.locator(`[data-testid="gantt-row"][data-printer="${asset}"]`)
  const plates = page.getByTestId('gantt-sheet').getByTestId('gantt-job')
  await row.getByTestId('gantt-group').click()
  await expect(plates).toHaveCount(2)
  await expect(row.getByTestId('now-line')).toHaveCount(1)
  // Planning again right away changes nothing.
  await page.getByRole('link', { name: '계획 수립' }).click()
  await expect(page.getByTestId('plan-changes').getByRole('row').filter({ hasText: reference })).toHaveCount(0)

  // Operator at the printer: open the first plate from the Gantt, start it, record 4 good units.
  await page.goto('/schedule')
  await row.getByTestId('gantt-group').click()
  await plates.first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(reference)
  await page.getByRole('button', { name: '출력 시작' }).click()
  await expect(page.getByTestId('toast')).toContainText('작업을 시작했습니다')
  await expect(page.getByTestId('job-status')).toHaveText('출력 중')
  // Bad input (3 good + 2 scrap on a 4-unit plate) is a field error and changes nothing.
  await page.getByLabel('양품 수량').fill('3')
  await page.getByLabel('불량 수량').fill('2')
  await page.getByRole('button', { name: '실적 입력' }).last().click()
  await expect(page.getByText('양품 + 불량은 정수이며 최대 4개(한 판)입니다.')).toBeVisible()
  await expect(page.getByTestId('job-status')).toHaveText('출력 중')
  await page.getByLabel('양품 수량').fill('4')
  await page.getByLabel('불량 수량').fill('0')
  await page.getByRole('button', { name: '실적 입력' }).last().click()
  await expect(page.getByTestId('toast')).toContainText('실적을 기록했습니다')
  await expect(page.getByTestId('job-status')).toHaveText('완료')
  await expect(page.getByTestId('job-actuals')).toContainText('40.0')

  // The order shows 4 produced, 2 remaining; the spool lost 40 g.
  await page.getByRole('link', { name: reference }).click()
  const figures = page.getByTestId('order-figures')
  await expect(figures).toContainText('생산')
  await expect(figures.locator('dd').nth(2)).toHaveText('4')
  await expect(figures.locator('dd').nth(3)).toHaveText('2')
  await page.goto(`/inventory?colour=${encodeURIComponent(colour)}`)
  await expect(page.getByTestId('batch-subtotal')).toHaveText('배치 S1: 스풀 1개 · 960.0 g')
  expect(problems).toEqual([])
})
