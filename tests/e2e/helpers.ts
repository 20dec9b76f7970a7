import { expect, type Page, type TestInfo } from '@playwright/test'
import { pickParticle as particle } from '../../app/i18n/josa'

export { particle }

export const OWNER = { username: 'owner', displayName: 'Shop Owner', password: 'owner-password-1' }

/** The one-time setup code the e2e server is started with (playwright.config.ts passes it as SETUP_CODE). */
export const SETUP_CODE = 'e2e-setup-code-0123'

/** Something unique per project, so the JS-on and JS-off runs never trip over each other's data. */
export const tag = (info: TestInfo) => info.project.name.replace(/[^a-z]/g, '')

/**
 * With JavaScript, waits until the page is hydrated (app/root.tsx marks it): typed before, a form is sent as a plain
 * POST and its answer's page is hydrated while the next step types into it (conform remounts the fields it cleared).
 */
export async function hydrated(page: Page, info: TestInfo) {
  if (info.project.use.javaScriptEnabled === false) return
  await expect(page.locator('html[data-js="ready"]')).toHaveCount(1, { timeout: 20_000 })
}

export async function login(page: Page, username = OWNER.username, password = OWNER.password) {
  await page.goto('/login')
  await page.getByLabel(/아이디|Username/).fill(username)
  await page.getByLabel(/비밀번호|Password/).fill(password)
  await page.getByRole('button', { name: /^(로그인|Sign in)$/ }).click()
  await expect(page.getByTestId('welcome')).toBeVisible()
}

/** A filament (material · colour · Acme) with one 1,000 g spool of batch S1, through the inventory forms. */
export async function addFilamentWithSpool(page: Page, f: { material: string; colour: string; hex: string }) {
  await page.goto('/inventory/filaments')
  await page.getByLabel('재질', { exact: true }).fill(f.material)
  await page.getByLabel('색상', { exact: true }).fill(f.colour)
  await page.getByLabel('색상 코드').fill(f.hex)
  await page.getByLabel('브랜드').fill('Acme')
  await page.getByRole('button', { name: '만들기' }).click()
  // Each save is waited for: a navigation started before it lands aborts it (a busy CI machine did).
  await expect(page.getByTestId('toast')).toContainText('필라멘트', { timeout: 15_000 })
  await page.goto('/inventory/spools/new')
  await page.getByLabel('필라멘트').selectOption({ label: `${f.material} · ${f.colour} · Acme` })
  await page.getByLabel('배치 / 로트').fill('S1')
  await page.getByLabel('입고 시 순중량 (g)').fill('1000')
  await page.getByLabel('빈 스풀 무게 (g)').fill('250')
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByTestId('toast')).toBeVisible({ timeout: 15_000 })
}

/** A product of that filament (10 g a unit, 4 units per 30-minute plate), optionally with a photo; waits for the toast. */
export async function addProduct(page: Page, p: { name: string; material: string; colour: string; photo?: string }, wait: { timeout?: number } = {}) {
  await page.goto('/products/new')
  await page.getByLabel('제품명', { exact: true }).fill(p.name)
  await page.getByLabel('필라멘트 (재질, 색상)').selectOption({ label: `${p.material} · ${p.colour} · Acme` })
  await page.getByLabel('개당 무게(g)').fill('10')
  await page.getByLabel('플레이트당 출력 시간(분)').fill('30')
  await page.getByLabel('플레이트당 수량').fill('4')
  if (p.photo) await page.getByLabel('사진', { exact: true }).setInputFiles(p.photo)
  await page.getByRole('button', { name: '제품 등록' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`제품 ${p.name}${particle(p.name, '을/를')} 등록했습니다.`, wait)
}

/**
 * The new-order form with `product` chosen, as its quick-fill link does (`/orders/new?product=<id>`). Reached through the
 * product list: the quick-fill row shows only the 6 most recently produced products, and specs running side by side
 * produce others.
 */
export async function newOrderFor(page: Page, product: string) {
  await page.goto('/products')
  const href = await page.locator('a[href^="/products/"]', { hasText: product }).first().getAttribute('href')
  await page.goto(`/orders/new?product=${href!.split('/').pop()}`)
}

/** A user made by the signed-in administrator on /admin/users (a strong password unless given); waits for the toast. */
export async function createUser(page: Page, u: { username: string; role: 'admin' | 'planner' | 'operator' | 'viewer'; password?: string }) {
  const password = u.password ?? 'violet-harbour-kettle-42'
  await page.goto('/admin/users')
  await page.getByLabel('아이디').fill(u.username)
  await page.getByLabel('표시 이름').fill(`User ${u.username}`)
  await page.getByLabel('역할').selectOption(u.role)
  await page.getByLabel('비밀번호', { exact: true }).fill(password)
  await page.getByLabel('비밀번호 확인').fill(password)
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByTestId('toast')).toContainText(u.username)
}

/**
 * Waits for the redirect after a saving POST. A busy CI machine (two CPUs, two workers) can take longer than the default
 * 5 s; when the page stays, the failure names what the form said (its alerts), not only the URL.
 */
export async function landsOn(page: Page, url: RegExp) {
  try {
    await expect(page).toHaveURL(url, { timeout: 20_000 })
  } catch (e) {
    const said = await page.getByRole('alert').allTextContents().catch(() => [])
    throw new Error(`stayed on ${page.url()}; the page says: ${said.join(' | ') || '(nothing)'}\n${String(e)}`)
  }
}

/** A job through the "New job" form, at an explicit local start and end (datetime-local); returns its id. */
export async function addJob(page: Page, o: { reference: string; asset: string; start: string; end: string; locked: boolean }) {
  await page.goto('/schedule/jobs/new')
  const order = page.getByLabel('주문', { exact: true })
  await order.selectOption((await order.locator('option', { hasText: o.reference }).first().getAttribute('value'))!)
  const printer = page.getByLabel('프린터', { exact: true })
  await printer.selectOption((await printer.locator('option', { hasText: o.asset }).first().getAttribute('value'))!)
  await page.getByLabel('시작', { exact: true }).fill(o.start)
  await page.getByLabel('종료 (선택)').fill(o.end)
  // With JavaScript, choosing the order fills in its plate's units a moment later (conform's update): typed into while
  // it lands, the field once read "44". Type until the field holds what was typed.
  const units = page.getByLabel('이 판의 수량')
  await expect(async () => {
    await units.fill('4')
    await expect(units).toHaveValue('4', { timeout: 500 })
  }).toPass()
  const lock = page.getByLabel('고정 (계획이 이 자리를 유지)')
  if ((await lock.isChecked()) !== o.locked) await lock.setChecked(o.locked)
  await page.getByRole('button', { name: '만들기' }).click()
  await landsOn(page, /\/schedule\/jobs\/[0-9a-f-]{36}$/)
  return page.url().split('/').pop()!
}

/** A 24/7 printer through the "New printer" form (`material` as its only one, when given); returns its page's path. */
export async function addPrinter(page: Page, p: { asset: string; name: string; material?: string }) {
  await page.goto('/printers/new')
  await page.getByLabel('자산 번호').fill(p.asset)
  await page.getByLabel('이름').fill(p.name)
  if (p.material) await page.getByLabel('지원 소재').fill(p.material)
  await page.getByLabel('가동 시간', { exact: true }).selectOption('always')
  await page.getByRole('button', { name: '프린터 등록' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(p.asset)
  return new URL(page.url()).pathname
}

/** An order of `quantity` (8) of `product` (with its reference), then one plate of 4 placed on the printer at `printerUrl`. */
export async function addOrderWithJob(page: Page, o: { product: string; reference: string; printerUrl: string; quantity?: number }) {
  const quantity = o.quantity ?? 8
  await newOrderFor(page, o.product)
  await expect(page.getByText(`제품: ${o.product}`)).toBeVisible()
  await page.getByLabel('주문 번호').fill(o.reference)
  await page.getByLabel('목표 수량').fill(String(quantity))
  await page.getByRole('button', { name: '주문 등록' }).click()
  await landsOn(page, /\/orders(\?|$)/)
  // A planner places one plate on the printer at the next whole hour.
  await page.goto(`/schedule/jobs/new?printer=${o.printerUrl.split('/').pop()}`)
  await page.getByLabel('주문', { exact: true }).selectOption({ label: `${o.reference} · ${o.product} (${quantity})` })
  // With JavaScript, choosing the order fills in its plate quantity; a fill racing that update once read "44".
  const units = page.getByLabel('이 판의 수량')
  await expect(async () => {
    await units.fill('4')
    await expect(units).toHaveValue('4', { timeout: 500 })
  }).toPass({ timeout: 10_000 })
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page).not.toHaveURL(/\/new/, { timeout: 20_000 })
}

/**
 * Points the printer at a Moonraker (fake) on 127.0.0.1:`port` with `apiKey`, through its connection page. False when
 * the server has no PRINTER_SECRET_KEY (the page refuses to store the key); the caller skips then.
 */
export async function connectMoonraker(page: Page, printerUrl: string, port: number, apiKey: string): Promise<boolean> {
  await page.goto(`${printerUrl}/connection`)
  await page.getByLabel('연결 방식').selectOption('moonraker')
  await page.getByLabel('호스트 이름 또는 IP 주소').fill('127.0.0.1')
  await page.getByLabel('포트').fill(String(port))
  await page.getByLabel(/^API 키/).fill(apiKey)
  await page.getByRole('button', { name: '연결 저장' }).click()
  const refused = page.getByText('서버에 PRINTER_SECRET_KEY가 없어')
  await expect(page.getByTestId('toast').or(refused)).toBeVisible()
  return !(await refused.isVisible())
}

/** Remix's cookie encoding of the language choice (`mes_lang`, JSON in base64). */
export const langCookie = (lang: 'ko' | 'en') => encodeURIComponent(Buffer.from(JSON.stringify(lang)).toString('base64'))

/**
 * For people to look at (not compared): the current page in both languages at both tablet sizes, as
 * `test-results/<dir>/<name>-<lang>-<width>.png`; no sideways scroll at any of them. Back to Korean at 1280×800 after.
 */
export async function tabletScreenshots(page: Page, baseURL: string, dir: string, name: string) {
  for (const lang of ['ko', 'en'] as const) {
    await page.context().addCookies([{ name: 'mes_lang', value: langCookie(lang), url: baseURL }])
    await page.reload()
    for (const size of [
      { width: 820, height: 1180 },
      { width: 1180, height: 820 },
    ]) {
      await page.setViewportSize(size)
      await page.screenshot({ path: `test-results/${dir}/${name}-${lang}-${size.width}.png`, fullPage: true })
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `${name} ${lang} ${size.width}: sideways scroll`).toBeLessThanOrEqual(0)
    }
  }
  await page.context().addCookies([{ name: 'mes_lang', value: langCookie('ko'), url: baseURL }])
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.reload()
}
