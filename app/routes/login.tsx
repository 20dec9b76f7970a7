import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { authenticator, LoginError } from '~/models/account/login.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { anyUserExists, getSessionUser, safeRedirectTo } from '~/utils/session.server'
import { readForm } from '~/utils/request.server'
import { toastHeader } from '~/utils/toast.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await anyUserExists())) throw redirect('/setup')
  if (await getSessionUser(request)) throw redirect('/')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  if (!(await anyUserExists())) throw redirect('/setup')
  // A body that is no form is the client's error (400), also for the strategy below, which reads the same body.
  const form = await readForm(request.clone())
  try {
    const result = await authenticator.authenticate('form', request)
    const headers = new Headers()
    headers.append('Set-Cookie', result.setCookie)
    // The password was right and a second factor is due: the code step (a plain form, no JavaScript needed).
    if (result.kind === 'second-factor') return redirect('/login/two-factor', { headers })
    headers.append('Set-Cookie', await toastHeader({ type: 'success', key: 'login.welcome', params: { name: result.user.displayName } }))
    return redirect(safeRedirectTo(form.get('redirectTo')), { headers })
  } catch (error) {
    if (error instanceof LoginError) {
      const rateLimited = error.reason === 'rate_limited'
      return data(
        { error: error.reason, username: error.username, minutes: env().LOGIN_WINDOW_MINUTES },
        { status: rateLimited ? 429 : 401, headers: rateLimited ? { 'Retry-After': String(env().LOGIN_WINDOW_MINUTES * 60) } : undefined },
      )
    }
    throw error
  }
}

export default function LoginPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const error =
    actionData?.error === 'rate_limited'
      ? t('login.rateLimited', { minutes: actionData.minutes })
      : actionData?.error === 'invalid'
        ? t('login.invalid')
        : null
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="text-2xl font-bold">{t('login.title')}</h1>
        <Form method="post" className="mt-6 space-y-4">
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
          <FormErrors errors={error ? [error] : null} />
          <Field label={t('login.username')} name="username" autoComplete="username" autoCapitalize="none" required maxLength={64} defaultValue={actionData?.username} />
          <Field label={t('login.password')} name="password" type="password" autoComplete="current-password" required maxLength={128} />
          <Button type="submit" className="w-full" disabled={navigation.state === 'submitting'}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}

