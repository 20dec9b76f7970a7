import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'
import { AccountTabs } from '~/components/account-tabs'
import { formatDateTime } from '~/utils/format'
import { Button } from '~/components/ui/button'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { endOtherSessions, listSessions } from '~/models/account/sessions.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { redirectWithToast } from '~/utils/toast.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** The user's signed-in devices (newest use first), this one marked. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, undefined, { allowWithoutSecondFactor: true })
  return { sessions: await listSessions(user), timeZone: env().SHOP_TIME_ZONE }
}

/** "Sign out everywhere else": every session of the user but this one ends. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, undefined, { allowWithoutSecondFactor: true })
  const ended = await endOtherSessions(actorOf(user, request), user)
  return redirectWithToast('/account/sessions', { type: 'success', key: 'account.sessions.ended', params: { count: ended } })
}

/** A short, readable name for a User-Agent: browser and system, not the whole string. */
function deviceName(userAgent: string | null): string {
  if (!userAgent) return '—'
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /SamsungBrowser\//.test(userAgent) ? 'Samsung Internet' : /Chrome\//.test(userAgent) ? 'Chrome' : /Firefox\//.test(userAgent) ? 'Firefox' : /Safari\//.test(userAgent) ? 'Safari' : null
  const system = /Android/.test(userAgent) ? 'Android' : /iPad|iPhone/.test(userAgent) ? 'iOS' : /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : null
  return browser || system ? [browser, system].filter(Boolean).join(' · ') : userAgent.slice(0, 60)
}

export default function SessionsPage() {
  const { sessions, timeZone } = useLoaderData<typeof loader>()
  const t = useT()
  const navigation = useNavigation()
  const others = sessions.filter((s) => !s.current).length
  return (
    <>
      <PageHeader title={t('account.title')} />
      <AccountTabs />
      <Card className="overflow-x-auto">
        <h2 className="text-lg font-semibold">{t('account.sessions.title')}</h2>
        <p className="mt-1 text-sm text-slate-700">{t('account.sessions.intro')}</p>
        <table className="mt-4 w-full text-left" data-testid="sessions">
          <thead className="text-sm text-slate-600">
            <tr>
              <th className="py-2 pr-3">{t('account.sessions.device')}</th>
              <th className="py-2 pr-3">{t('account.sessions.address')}</th>
              <th className="py-2 pr-3">{t('account.sessions.signedIn')}</th>
              <th className="py-2 pr-3">{t('account.sessions.lastSeen')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {sessions.map((s, i) => (
              <tr key={i}>
                <td className="py-2 pr-3" title={s.userAgent ?? undefined}>
                  {deviceName(s.userAgent)} {s.current ? <Badge tone="blue">{t('account.sessions.current')}</Badge> : null}
                </td>
                <td className="whitespace-nowrap pr-3 font-mono text-sm">{s.ip ?? '—'}</td>
                <td className="whitespace-nowrap pr-3 text-sm">{formatDateTime(s.createdAt, timeZone)}</td>
                <td className="whitespace-nowrap pr-3 text-sm">{formatDateTime(s.lastSeenAt, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Form method="post" className="mt-6">
          <Button type="submit" variant="danger" disabled={others === 0 || navigation.state === 'submitting'}>
            {t('account.sessions.endOthers')}
          </Button>
        </Form>
      </Card>
    </>
  )
}

