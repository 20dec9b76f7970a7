import type { Locator, Page } from '@playwright/test'
import { navItems } from '../../app/components/ui/nav-items'
import { translator, type Locale } from '../../app/i18n'
import { can, roles, type Role } from '../../app/utils/permissions'
import { expect, test } from './fixtures'
import { hydrated, login, tag } from './helpers'

// Every menu item a role may open is on screen — or one tap away behind an obvious "더보기/More" control — on a tablet in
// portrait and in landscape, in Korean and in English, with and without JavaScript (the js-on and js-off projects).

const sizes = [
  { name: 'portrait', width: 820, height: 1180 },
  { name: 'landscape', width: 1180, height: 820 },
] as const
const locales: Locale[] = ['ko', 'en']
const PASSWORD = 'violet-harbour-kettle-42'
const userOf = (role: Role, t: string) => (role === 'admin' ? null : `nav-${role}-${t}`)

/** True when the element's middle is what a tap there hits, inside the viewport, and its text is not cut off. */
async function reallyVisible(link: Locator): Promise<boolean> {
  if (!(await link.isVisible())) return false
  return link.evaluate((el) => {
    const r = el.getBoundingClientRect()
    const x = r.left + r.width / 2
    const y = r.top + r.height / 2
    if (r.left < 0 || r.right > window.innerWidth || r.width < 1) return false
    const hit = document.elementFromPoint(x, y)
    return !!hit && (hit === el || el.contains(hit)) && el.scrollWidth <= el.clientWidth + 1
  })
}

async function checkMenu(page: Page, role: Role, locale: Locale) {
  const t = translator(locale)
  const nav = page.getByRole('navigation', { name: t('nav.menu') })
  await expect(nav).toBeVisible()
  // The menu never scrolls sideways (nothing hides past its edge).
  expect(await nav.evaluate((el) => [...el.querySelectorAll('*')].every((e) => e.scrollWidth <= e.clientWidth + 1))).toBe(true)
  const permitted = navItems.filter((item) => can(role, item.permission))
  const forbidden = navItems.filter((item) => !can(role, item.permission))
  for (const item of permitted) {
    const link = nav.getByRole('link', { name: t(item.label), exact: true })
    if (!(await reallyVisible(link))) {
      const more = nav.locator('summary')
      await expect(more, `${t(item.label)} is neither shown nor behind a More control`).toBeVisible()
      await more.click()
      expect(await reallyVisible(link), `${t(item.label)} is not reachable through More`).toBe(true)
      await more.click()
    }
    const box = await link.boundingBox()
    expect(box!.height, t(item.label)).toBeGreaterThanOrEqual(44)
    expect(box!.width, t(item.label)).toBeGreaterThanOrEqual(44)
    expect(await link.getAttribute('href')).toBe(item.to)
  }
  for (const item of forbidden) await expect(nav.getByRole('link', { name: t(item.label), exact: true })).toHaveCount(0)
}

async function switchTo(page: Page, locale: Locale) {
  if ((await page.locator('html').getAttribute('lang')) === locale) return
  await page.getByRole('button', { name: translator(locale === 'ko' ? 'en' : 'ko')('lang.switch') }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
}

test('an admin creates a user of every other role; after a refused create the next one starts from an empty form', async ({ page }, info) => {
  const t = tag(info)
  await login(page)
  for (const role of roles) {
    const username = userOf(role, t)
    if (!username) continue
    await page.goto('/admin/users')
    await hydrated(page, info)
    const js = info.project.use.javaScriptEnabled !== false
    let reread: Promise<unknown> | null = null
    if (role === 'viewer') {
      // With JavaScript the page's data is read again after a refusal, after the error shows: slowed down here, so the
      // next name is typed before it arrives — and must still be there after it did.
      if (js) {
        await page.route(/\/admin\/users\.data/, async (route) => {
          if (route.request().method() === 'GET') await new Promise((r) => setTimeout(r, 1_500))
          await route.continue()
        })
        reread = page.waitForResponse((r) => /\/admin\/users\.data/.test(r.url()) && r.request().method() === 'GET')
      }
      // Refused first (the username is taken): the error shows, the password is not sent back.
      await page.getByLabel('아이디').fill('owner')
      await page.getByLabel('표시 이름').fill(`Nav ${role}`)
      await page.getByLabel('역할').selectOption(role)
      await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD)
      await page.getByLabel('비밀번호 확인').fill(PASSWORD)
      await page.getByRole('button', { name: '만들기' }).click()
      await expect(page.getByLabel('아이디')).toHaveAttribute('aria-invalid', 'true')
    }
    await page.getByLabel('아이디').fill(username)
    if (reread) {
      await reread
      await page.waitForTimeout(300)
      await expect(page.getByLabel('아이디')).toHaveValue(username)
      await page.unroute(/\/admin\/users\.data/)
    }
    await page.getByLabel('표시 이름').fill(`Nav ${role}`)
    await page.getByLabel('역할').selectOption(role)
    await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD)
    await page.getByLabel('비밀번호 확인').fill(PASSWORD)
    await page.getByRole('button', { name: '만들기' }).click()
    await expect(page.getByTestId('toast')).toContainText(username)
    // Like a fresh page load without JavaScript: no old error, no old password, no old name.
    await expect(page.getByRole('alert')).toHaveCount(0)
    await expect(page.getByLabel('아이디')).toHaveValue('')
    await expect(page.getByLabel('비밀번호', { exact: true })).toHaveValue('')
    await expect(page.getByLabel('비밀번호 확인')).toHaveValue('')
  }
})

for (const role of roles) {
  test(`as ${role}, every permitted menu item is on screen or behind More, at both tablet sizes, in Korean and English`, async ({ page }, info) => {
    const username = userOf(role, tag(info))
    if (username) await login(page, username, PASSWORD)
    else await login(page)
    // One greeting after signing in: the dashboard's own, not the sign-in toast as well.
    await expect(page.getByTestId('welcome')).toHaveCount(1)
    await expect(page.getByTestId('toast')).toHaveCount(0)
    for (const locale of locales) {
      await switchTo(page, locale)
      for (const size of sizes) {
        await test.step(`${locale} ${size.name}`, async () => {
          await page.setViewportSize({ width: size.width, height: size.height })
          await checkMenu(page, role, locale)
          await page.screenshot({ path: info.outputPath(`menu-${role}-${locale}-${size.name}.png`) })
        })
      }
    }
  })
}
