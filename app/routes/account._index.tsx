import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AccountTabs } from '~/components/account-tabs'
import { buttonClass } from '~/components/ui/button'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** "My account": who is signed in, and the way to the password, two-factor and sessions pages. Every signed-in user. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, undefined, { allowWithoutSecondFactor: true })
  return {
    user: { username: user.username, displayName: user.displayName, role: user.role, twoFactor: user.twoFactor },
    twoFactorRequired: user.role === 'admin' && env().REQUIRE_ADMIN_2FA,
  }
}

export default function AccountPage() {
  const { user, twoFactorRequired } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('account.title')} />
      <AccountTabs />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card>
          <dl className="space-y-3">
            <div>
              <dt className="text-sm text-slate-600">{t('user.displayName')}</dt>
              <dd className="text-lg font-semibold">{user.displayName}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('user.username')}</dt>
              <dd className="font-mono">{user.username}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">{t('user.role')}</dt>
              <dd>{t(`role.${user.role}`)}</dd>
            </div>
          </dl>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t('account.twoFactor.title')}</h2>
          <p className="mt-2">{user.twoFactor ? <Badge tone="green">{t('account.twoFactor.on')}</Badge> : <Badge tone={twoFactorRequired ? 'red' : 'slate'}>{t('account.twoFactor.off')}</Badge>}</p>
          {twoFactorRequired && !user.twoFactor ? <p className="mt-2 text-sm text-red-800">{t('account.twoFactor.required')}</p> : null}
          <Link to="/account/two-factor" className={buttonClass('secondary', 'mt-4')}>
            {t(user.twoFactor ? 'account.twoFactor.manage' : 'account.twoFactor.setUp')}
          </Link>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t('account.security')}</h2>
          <div className="mt-4 flex flex-col gap-3">
            <Link to="/account/password" className={buttonClass('secondary')}>
              {t('account.password.title')}
            </Link>
            <Link to="/account/sessions" className={buttonClass('secondary')}>
              {t('account.sessions.title')}
            </Link>
          </div>
        </Card>
      </div>
    </>
  )
}

