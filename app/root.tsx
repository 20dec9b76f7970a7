import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from './components/error-boundary'
import { buttonClass } from './components/ui/button'
import type { MessageKey } from './i18n'
import styles from './styles.css'
import { useLocale, useT } from './utils/i18n'
import { getLocale } from './utils/i18n.server'
import { useNonce } from './utils/nonce'
import { can, type Permission } from './utils/permissions'
import { getSessionUser } from './utils/session.server'
import { readToast } from './utils/toast.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'MES Lite' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, { toast, clear }] = await Promise.all([getLocale(request), getSessionUser(request), readToast(request)])
  return data(
    {
      locale,
      toast,
      user: user ? { id: user.id, username: user.username, displayName: user.displayName, role: user.role } : null,
    },
    { headers: clear ? { 'Set-Cookie': clear } : undefined },
  )
}

const nav: Array<{ to: string; label: MessageKey; permission: Permission }> = [
  { to: '/', label: 'nav.dashboard', permission: 'dashboard:read' },
  { to: '/orders', label: 'nav.orders', permission: 'orders:read' },
  { to: '/schedule', label: 'nav.schedule', permission: 'schedule:read' },
  { to: '/inventory', label: 'nav.inventory', permission: 'inventory:read' },
  { to: '/printers', label: 'nav.printers', permission: 'printers:read' },
  { to: '/statistics', label: 'nav.statistics', permission: 'statistics:read' },
  { to: '/vibration', label: 'nav.vibration', permission: 'vibration:read' },
  { to: '/admin/users', label: 'nav.admin', permission: 'admin:users' },
]

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const locale = useLocale()
  return (
    <html lang={locale} className="h-full bg-slate-100">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
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
    <Form method="post" action="/language" className="inline">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="lang" value={other} className={buttonClass('ghost', 'text-sm')} aria-label={t('lang.switch')}>
        {t(`lang.${other}`)}
      </button>
    </Form>
  )
}

function Toast() {
  const { toast } = useLoaderData<typeof loader>()
  const t = useT()
  if (!toast) return null
  const tone =
    toast.type === 'success'
      ? 'bg-green-50 text-green-900 ring-green-300'
      : toast.type === 'error'
        ? 'bg-red-50 text-red-900 ring-red-300'
        : 'bg-blue-50 text-blue-900 ring-blue-300'
  return (
    <div role="status" data-testid="toast" className={`mb-4 rounded-lg p-3 ring-1 ${tone}`}>
      {t(toast.key, toast.params)}
    </div>
  )
}

function Shell({ children }: { children: ReactNode }) {
  const { user } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="min-h-full">
      <header className="bg-slate-900 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-2 px-3 py-2">
          <Link to="/" className="mr-2 flex min-h-touch items-center text-lg font-bold">
            {t('app.name')}
          </Link>
          {user ? (
            <nav aria-label={t('nav.menu')} className="order-3 -mx-3 flex w-full gap-1 overflow-x-auto px-3 md:order-none md:mx-0 md:w-auto md:flex-1">
              {nav
                .filter((item) => can(user.role, item.permission))
                .map((item) => (
                  <NavLink
                    key={item.to}
                    to={item.to}
                    end={item.to === '/'}
                    prefetch="intent"
                    className={({ isActive }) =>
                      `flex min-h-touch shrink-0 items-center rounded-lg px-3 text-base font-medium ${isActive ? 'bg-white text-slate-900' : 'text-slate-100 hover:bg-slate-700'}`
                    }
                  >
                    {t(item.label)}
                  </NavLink>
                ))}
            </nav>
          ) : (
            <div className="flex-1" />
          )}
          <div className="ml-auto flex items-center gap-1 [&_button]:text-white [&_button:hover]:bg-slate-700">
            <LanguageSwitch />
            {user ? (
              <>
                <span className="hidden px-2 text-sm text-slate-300 lg:inline" data-testid="signed-in-as">
                  {t('nav.signedInAs', { name: user.displayName })} · {t(`role.${user.role}`)}
                </span>
                <Form method="post" action="/logout">
                  <button type="submit" className={buttonClass('ghost', 'text-sm')}>
                    {t('nav.logout')}
                  </button>
                </Form>
              </>
            ) : null}
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-3 py-4 sm:px-6 sm:py-6">
        <Toast />
        {children}
      </main>
    </div>
  )
}

export default function App() {
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
