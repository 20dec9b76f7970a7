import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useRouteLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { useEffect, type ReactNode } from 'react'
import { GeneralErrorBoundary } from './components/error-boundary'
import { buttonClass } from './components/ui/button'
import { navItems } from './components/ui/nav-items'
import { Toast } from './components/ui/toast'
import styles from './styles.css'
import { useLocale, useT } from './utils/i18n'
import { getLocale } from './utils/i18n.server'
import { messagesSrc } from './utils/messages-script.server'
import { useNonce } from './utils/nonce'
import { can, type Role } from './utils/permissions'
import { getSessionUser } from './utils/session.server'
import { readToast } from './utils/toast.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  // The .ico for browsers (and printed pages' tabs) that ask /favicon.ico; the SVG for the rest.
  { rel: 'icon', href: '/favicon.ico', sizes: '16x16 32x32 48x48' },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'MES Lite' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, { toast, clear }] = await Promise.all([getLocale(request), getSessionUser(request), readToast(request)])
  return data(
    {
      locale,
      messagesSrc: messagesSrc(locale),
      toast,
      user: user ? { id: user.id, username: user.username, displayName: user.displayName, role: user.role } : null,
    },
    { headers: clear ? { 'Set-Cookie': clear } : undefined },
  )
}

/**
 * A reload of the same page's data with no form sent (live events, the dashboard's refresh) changes nothing the root
 * holds: who is signed in, the language, and the toast of the last change — whose cookie is read once, so reading again
 * would take the toast off the screen a moment after a save (a live page reloads once its event stream opens).
 * Submissions and navigations revalidate as before.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, currentUrl, nextUrl, defaultShouldRevalidate }) =>
  !formMethod && currentUrl.href === nextUrl.href ? false : defaultShouldRevalidate

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const locale = useLocale()
  // The page's language for the browser (deferred; app/entry.client.tsx waits for it before hydrating). An
  // error page without the root's data asks for the unversioned address.
  const root = useRouteLoaderData<typeof loader>('root')
  return (
    <html lang={locale} className="h-full bg-slate-100">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <script defer nonce={nonce} src={root?.messagesSrc ?? `/i18n/${locale}.js`} data-mes-i18n="" />
      </head>
      <body className="h-full text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

function LanguageSwitch() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const other = locale === 'ko' ? 'en' : 'ko'
  return (
    // A new language is a new page: the browser loads that language's messages with it.
    <Form method="post" action="/language" className="inline" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="lang" value={other} className={buttonClass('ghost', 'text-sm')} title={t('lang.switch')}>
        {/* The accessible name holds the visible text ("언어 변경: English"), as WCAG 2.5.3 asks. */}
        <span className="sr-only">{t('lang.switch')}: </span>
        {t(`lang.${other}`)}
      </button>
    </Form>
  )
}

/** The menu: every item the role may open, on a row of its own that wraps (never scrolls sideways, never hides one). */
function MainNav({ role }: { role: Role }) {
  const t = useT()
  return (
    <nav aria-label={t('nav.menu')} className="mx-auto max-w-7xl px-3 pb-2" data-testid="main-nav">
      <ul className="flex flex-wrap gap-1">
        {navItems
          .filter((item) => can(role, item.permission))
          .map((item) => (
            <li key={item.to}>
              <NavLink
                to={item.to}
                end={item.to === '/'}
                prefetch="intent"
                className={({ isActive }) =>
                  `flex min-h-touch min-w-touch items-center justify-center whitespace-nowrap rounded-lg px-3 text-base font-medium ${isActive ? 'bg-white text-slate-900' : 'text-slate-100 hover:bg-slate-700'}`
                }
              >
                {t(item.label)}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  )
}

function Shell({ children }: { children: ReactNode }) {
  const { user, toast } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="min-h-full">
      <header className="bg-slate-900 text-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-2 px-3 py-2">
          <Link to="/" className="mr-2 flex min-h-touch items-center whitespace-nowrap text-lg font-bold">
            {t('app.name')}
          </Link>
          <div className="ml-auto flex flex-wrap items-center justify-end gap-1 [&_button]:text-white [&_button:hover]:bg-slate-700">
            {user ? (
              <span className="hidden px-2 text-sm text-slate-300 lg:inline" data-testid="signed-in-as">
                {t('nav.signedInAs', { name: user.displayName })} · {t(`role.${user.role}`)}
              </span>
            ) : null}
            <LanguageSwitch />
            {user ? (
              <>
                <NavLink to="/account" className={({ isActive }) => buttonClass('ghost', `text-sm text-white hover:bg-slate-700 ${isActive ? 'bg-slate-700' : ''}`)}>
                  {t('nav.account')}
                </NavLink>
                <Form method="post" action="/logout">
                  <button type="submit" className={buttonClass('ghost', 'text-sm')}>
                    {t('nav.logout')}
                  </button>
                </Form>
              </>
            ) : null}
          </div>
        </div>
        {user ? <MainNav role={user.role} /> : null}
      </header>
      <main className="mx-auto max-w-7xl px-3 py-4 sm:px-6 sm:py-6">
        <Toast toast={toast} />
        {children}
      </main>
    </div>
  )
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>()
  // The browser holds one language's messages: if the language changed elsewhere (another tab), load the page anew.
  useEffect(() => {
    if (window.__mesI18n && window.__mesI18n.locale !== locale) window.location.reload()
  }, [locale])
  // Marks the page as running JavaScript (hydrated): the browser tests wait for it before typing into a form whose
  // server answer they then read, so their steps do not race the hydration of a slow tablet.
  useEffect(() => {
    document.documentElement.dataset.js = 'ready'
  }, [])
  return (
    <Document>
      <Shell>
        <Outlet />
      </Shell>
    </Document>
  )
}

export function ErrorBoundary() {
  return (
    <Document>
      <main className="mx-auto max-w-7xl px-3 py-6">
        <GeneralErrorBoundary />
      </main>
    </Document>
  )
}
