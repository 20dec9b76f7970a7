import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { clearChallengeCookie, readChallenge } from '~/models/account/login-challenges.server'
import { completeSecondFactor } from '~/models/account/login.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast, toastHeader } from '~/utils/toast.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** Six digits from the authenticator app, or one recovery code (xxxxx-xxxxx). */
export const CodeSchema = z.object({
  code: z
    .string({ required_error: 'account.error.code' })
    .trim()
    .min(6, 'account.error.code')
    .max(32, 'account.error.code')
    .regex(/^[0-9A-Za-z\s-]+$/, 'account.error.code'),
})

/** The second step of a login with two-factor authentication: only with a live challenge (else back to /login). */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await readChallenge(request))) throw redirect('/login')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const challenge = await readChallenge(request)
  if (!challenge) {
    throw await redirectWithToast('/login', { type: 'error', key: 'account.twoFactor.expired' })
  }
  const submission = parseWithZod(await readForm(request), { schema: CodeSchema })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['code'] }), { status: 400 })
  const result = await completeSecondFactor(challenge, submission.value.code, request)
  if (result.ok) {
    const headers = new Headers()
    headers.append('Set-Cookie', result.setCookie)
    headers.append('Set-Cookie', await clearChallengeCookie())
    headers.append('Set-Cookie', await toastHeader({ type: 'success', key: 'login.welcome', params: { name: challenge.displayName } }))
    return redirect(result.redirectTo, { headers })
  }
  if (result.reason === 'invalid') {
    return data(submission.reply({ formErrors: ['account.twoFactor.wrongCode'], hideFields: ['code'] }), { status: 401 })
  }
  if (result.reason === 'rate_limited') {
    // The challenge is gone; the page says so and links back to the password step.
    const headers = new Headers({ 'Retry-After': String(env().LOGIN_WINDOW_MINUTES * 60) })
    headers.append('Set-Cookie', await clearChallengeCookie())
    return data(submission.reply({ formErrors: ['account.twoFactor.rateLimited'], hideFields: ['code'] }), { status: 429, headers })
  }
  // Too many wrong codes: the challenge is used up; back to the password step.
  const headers = new Headers()
  headers.append('Set-Cookie', await clearChallengeCookie())
  headers.append('Set-Cookie', await toastHeader({ type: 'error', key: 'account.twoFactor.usedUp' }))
  return redirect('/login', { headers })
}

export default function TwoFactorLoginPage() {
  const t = useT()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({ defaultNoValidate: false, lastResult, constraint: getZodConstraint(CodeSchema) })
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="text-2xl font-bold">{t('account.twoFactor.loginTitle')}</h1>
        <p className="mt-2 text-slate-700">{t('account.twoFactor.loginIntro')}</p>
        <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <Field
            label={t('account.twoFactor.code')}
            autoComplete="one-time-code"
            inputMode="text"
            autoCapitalize="none"
            autoFocus
            errors={fields.code.errors}
            {...getInputProps(fields.code, { type: 'text' })}
          />
          <Button type="submit" className="w-full" disabled={navigation.state === 'submitting'}>
            {t('account.twoFactor.verify')}
          </Button>
        </Form>
        <p className="mt-4 text-sm text-slate-600">{t('account.twoFactor.recoveryHint')}</p>
        <Link to="/login" className="mt-2 inline-flex min-h-touch items-center font-medium text-blue-800 underline">
          {t('account.twoFactor.backToLogin')}
        </Link>
      </Card>
    </div>
  )
}

