import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { AccountTabs } from '~/components/account-tabs'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { changeOwnPassword, checkCurrentPassword } from '~/models/account/sessions.server'
import { loginLimits } from '~/models/account/login.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { passwordWeakness } from '~/utils/password-strength.server'
import { clientIp, readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { ChangePasswordSchema } from '~/utils/user-schemas'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, undefined, { allowWithoutSecondFactor: true })
  return null
}

const hidden = ['current', 'password', 'confirm']

/**
 * Every user changes their own password: the current one is required (counted against the login limits when wrong),
 * the new one must pass the strength check, and every other session of the user ends.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, undefined, { allowWithoutSecondFactor: true })
  const submission = parseWithZod(await readForm(request), { schema: ChangePasswordSchema })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: hidden }), { status: 400 })
  const { current, password } = submission.value
  const checked = await checkCurrentPassword(user, current, clientIp(request), loginLimits())
  if (checked === 'rate_limited') {
    return data(submission.reply({ formErrors: ['error.tooMany'], hideFields: hidden }), {
      status: 429,
      headers: { 'Retry-After': String(env().LOGIN_WINDOW_MINUTES * 60) },
    })
  }
  if (checked === 'wrong') return data(submission.reply({ fieldErrors: { current: ['account.error.currentWrong'] }, hideFields: hidden }), { status: 400 })
  const weak = password === current ? 'account.error.samePassword' : passwordWeakness(password, [user.username, user.displayName])
  if (weak) return data(submission.reply({ fieldErrors: { password: [weak] }, hideFields: hidden }), { status: 400 })
  const { sessionsEnded } = await changeOwnPassword(actorOf(user, request), user, password)
  return redirectWithToast('/account', { type: 'success', key: 'account.password.changed', params: { count: sessionsEnded } })
}

export default function ChangePasswordPage() {
  const t = useT()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({ defaultNoValidate: false, lastResult, constraint: getZodConstraint(ChangePasswordSchema) })
  return (
    <>
      <PageHeader title={t('account.title')} />
      <AccountTabs />
      <Card className="max-w-xl">
        <h2 className="text-lg font-semibold">{t('account.password.title')}</h2>
        <p className="mt-1 text-sm text-slate-700">{t('account.password.intro')}</p>
        <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <Field label={t('account.password.current')} autoComplete="current-password" errors={fields.current.errors} {...getInputProps(fields.current, { type: 'password' })} />
          <Field
            label={t('account.password.new')}
            autoComplete="new-password"
            hint={t('account.password.hint')}
            errors={fields.password.errors}
            {...getInputProps(fields.password, { type: 'password' })}
          />
          <Field label={t('user.passwordConfirm')} autoComplete="new-password" errors={fields.confirm.errors} {...getInputProps(fields.confirm, { type: 'password' })} />
          <Button type="submit" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? t('common.saving') : t('account.password.submit')}
          </Button>
        </Form>
      </Card>
    </>
  )
}

