import path from 'node:path'
import { expect, test } from './fixtures'
import { login, tag, particle } from './helpers'

const PHOTO = path.resolve('tests/fixtures/images/widget.jpg')

test('a product with a photo, an order via quick fill, seen on the board, then edited', async ({ page }, info) => {
  const t = tag(info)
  const product = `주문 위젯 ${t}`
  const reference = `PO-${t}-1`
  const jsOn = info.project.use.javaScriptEnabled !== false
  await login(page)

  // 1. A product with a photo (multipart form; the preview appears only with JavaScript).
  await page.goto('/products/new')
  await page.getByLabel('제품명', { exact: true }).fill(product)
  await page.getByLabel('개당 무게(g)').fill('14.5')
  await page.getByLabel('플레이트당 출력 시간(분)').fill('95')
  await page.getByLabel('플레이트당 수량').fill('6')
  await page.getByLabel('사진', { exact: true }).setInputFiles(PHOTO)
  if (jsOn) await expect(page.getByTestId('photo-preview')).toBeVisible()
  else await expect(page.getByTestId('photo-preview')).toHaveCount(0)
  await page.getByRole('button', { name: '제품 등록' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`제품 ${product}${particle(product, '을/를')} 등록했습니다.`)

  // 2. New order: one tap on the recent product fills product, grams, time and photo.
  await page.goto('/orders/new')
  await page.getByRole('link', { name: `${product} 사용` }).click()
  const chosen = page.getByTestId('chosen-product')
  await expect(chosen).toContainText(`제품: ${product}`)
  await expect(chosen).toContainText('14.50 g · 95 min / 6')
  await expect(chosen.getByRole('img', { name: `${product} 사진` })).toHaveJSProperty('complete', true)
  await page.getByLabel('주문 번호').fill(reference)
  await page.getByLabel('고객').fill('하나 카페')
  await page.getByLabel('목표 수량').fill('40')
  await page.getByLabel('기확보 재고').fill('10')
  await page.getByLabel('우선순위').selectOption({ label: '높음' })
  await page.getByRole('button', { name: '주문 등록' }).click()

  // 3. The board shows it: stock / produced / remaining, with the product photo.
  await expect(page).toHaveURL(/\/orders$/)
  await expect(page.getByTestId('toast')).toHaveText(`주문 ${reference}${particle(reference, '을/를')} 등록했습니다.`)
  const row = page.getByTestId(`order-row-${reference}`)
  await expect(row).toContainText(product)
  await expect(row).toContainText('재고 10 · 생산 0 · 남음 30 / 목표 40')
  await expect(row).toContainText('계획')
  const img = row.getByRole('img', { name: `${product} 사진` })
  await expect(img).toBeVisible()
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0)

  // The filters are a GET form.
  await page.getByLabel('검색', { exact: true }).fill(reference)
  await page.getByRole('button', { name: '필터' }).click()
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(reference).replace(/%20/g, '\\+')}`))
  await expect(page.getByTestId(`order-row-${reference}`)).toBeVisible()

  // 4. Edit it: stock now covers the target, so it completes.
  await row.getByRole('link', { name: reference }).click()
  await page.getByLabel('기확보 재고').fill('45')
  await page.getByRole('button', { name: '저장' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`주문 ${reference}${particle(reference, '을/를')} 저장했습니다.`)
  await expect(page.getByTestId('order-figures')).toContainText('45')
  await expect(page.getByText('+5 초과')).toBeVisible()
  await expect(page.locator('main, body').getByText('완료', { exact: true }).first()).toBeVisible()
})

test('a bad photo is refused with a field message and the form keeps its values', async ({ page }, info) => {
  const t = tag(info)
  await login(page)
  await page.goto('/products/new')
  await page.getByLabel('제품명', { exact: true }).fill(`가짜 사진 ${t}`)
  await page.getByLabel('개당 무게(g)').fill('3')
  await page.getByLabel('플레이트당 출력 시간(분)').fill('20')
  await page.getByLabel('사진', { exact: true }).setInputFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') })
  await page.getByRole('button', { name: '제품 등록' }).click()
  await expect(page.getByText('JPEG, PNG, WebP 이미지가 아닙니다')).toBeVisible()
  await expect(page.getByLabel('제품명', { exact: true })).toHaveValue(`가짜 사진 ${t}`)
})
