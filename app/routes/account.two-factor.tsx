import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { AccountTabs } from '~/components/account-tabs'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { readRecoveryFlash, recoveryFlashHeader } from '~/models/account/recovery-flash.server'
import { checkCurrentPassword } from '~/models/account/sessions.server'
import { cancelEnrolment, confirmEnrolment, regenerateRecoveryCodes, removeTwoFactor, startEnrolment, twoFactorStatus } from '~/models/account/two-factor.server'
import { loginLimits } from '~/models/account/login.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { PASSWORD_MAX_LENGTH } from '~/utils/password-policy'
import { clientIp, readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const current = z.string({ required_error: 'account.error.current' }).min(1, 'account.error.current').max(PASSWORD_MAX_LENGTH, 'account.error.current')
const ConfirmSchema = z.object({
  intent: z.literal('confirm'),
  code: z.string({ required_error: 'account.error.code' }).trim().regex(/^\d{3}\s?\d{3}$/, 'account.error.code'),
})
const PasswordSchema = z.object({ intent: z.enum(['disable', 'regenerate']), current })
const TwoFactorAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('start') }),
  z.object({ intent: z.literal('cancel') }),
  ConfirmSchema,
  z.object({ intent: z.literal('disable'), current }),
  z.object({ intent: z.literal('regenerate'), current }),
])

const PAGE = '/account/two-factor'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, undefined, { allowWithoutSecondFactor: true })
  const status = await twoFactorStatus(user.id, user.username)
  const flash = await readRecoveryFlash(request)
  const pending = status.pending
    ? { secret: status.pending.secret, qr: `data:image/svg+xml;base64,${Buffer.from(status.pending.qrSvg).toString('base64')}` }
    : null
  return data(
    {
      enabled: status.enabled,
      recoveryCodesLeft: status.recoveryCodesLeft,
      pending,
      recoveryCodes: flash.codes,
      required: user.role === 'admin' && env().REQUIRE_ADMIN_2FA,
    },
    { headers: flash.clear ? { 'Set-Cookie': flash.clear } : undefined },
  )
}

type Reply = { intent: string; result: SubmissionResult<string[]> }

/**
 * Enrolment (start → scan → confirm with a code), cancelling it, turning the second factor off and new recovery codes.
 * Turning it off or new codes need the current password. An administrator cannot turn it off while REQUIRE_ADMIN_2FA=1.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, undefined, { allowWithoutSecondFactor: true })
  const submission = parseWithZod(await readForm(request), { schema: TwoFactorAction })
  const reply = (intent: string, init: Parameters<typeof submission.reply>[0], status: number) =>
    data<Reply>({ intent, result: submission.reply({ ...init, hideFields: ['current', 'code'] }) }, { status })
  if (submission.status !== 'success') return reply(String(submission.payload.intent ?? ''), {}, 400)
  const v = submission.value
  const actor = actorOf(user, request)
  switch (v.intent) {
    case 'start':
      if (!(await startEnrolment(actor))) return reply(v.intent, { formErrors: ['account.twoFactor.alreadyOn'] }, 409)
      return redirectWithToast(PAGE, { type: 'info', key: 'account.twoFactor.scanNow' })
    case 'cancel':
      await cancelEnrolment(actor)
      return redirectWithToast(PAGE, { type: 'info', key: 'account.twoFactor.cancelled' })
    case 'confirm': {
      const codes = await confirmEnrolment(actor, v.code)
      if (!codes) return reply(v.intent, { fieldErrors: { code: ['account.twoFactor.wrongCode'] } }, 400)
      return redirectWithToast(PAGE, { type: 'success', key: 'account.twoFactor.enabled' }, { headers: { 'Set-Cookie': await recoveryFlashHeader(codes) } })
    }
    case 'disable':
    case 'regenerate': {
      if (v.intent === 'disable' && user.role === 'admin' && env().REQUIRE_ADMIN_2FA) {
        return reply(v.intent, { formErrors: ['account.twoFactor.requiredCannotDisable'] }, 400)
      }
      const checked = await checkCurrentPassword(user, v.current, clientIp(request), loginLimits())
      if (checked === 'rate_limited') return reply(v.intent, { formErrors: ['error.tooMany'] }, 429)
      if (checked === 'wrong') return reply(v.intent, { fieldErrors: { current: ['account.error.currentWrong'] } }, 400)
      if (v.intent === 'disable') {
        if (!(await removeTwoFactor(actor, user.id, 'account.2fa_disable'))) return reply(v.intent, { formErrors: ['admin.noTwoFactor'] }, 400)
        return redirectWithToast(PAGE, { type: 'success', key: 'account.twoFactor.disabled' })
      }
      const codes = await regenerateRecoveryCodes(actor)
      if (!codes) return reply(v.intent, { formErrors: ['admin.noTwoFactor'] }, 400)
      return redirectWithToast(PAGE, { type: 'success', key: 'account.twoFactor.newCodes' }, { headers: { 'Set-Cookie': await recoveryFlashHeader(codes) } })
    }
  }
}

/** A form that needs the current password: turning the second factor off, or new recovery codes. */
function PasswordForm({ intent, lastResult, label, variant }: { intent: 'disable' | 'regenerate'; lastResult: Reply | undefined; label: string; variant: 'danger' | 'secondary' }) {
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm({
    defaultNoValidate: false,
    id: `two-factor-${intent}`,
    lastResult: lastResult?.intent === intent ? lastResult.result : undefined,
    constraint: getZodConstraint(PasswordSchema),
  })
  return (
    <Form method="post" className="mt-4 space-y-3" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <Field label={t('account.password.current')} autoComplete="current-password" errors={fields.current.errors} {...getInputProps(fields.current, { type: 'password' })} />
      <Button type="submit" name="intent" value={intent} variant={variant} disabled={busy}>
        {label}
      </Button>
    </Form>
  )
}

export default function TwoFactorPage() {
  const { enabled, recoveryCodesLeft, pending, recoveryCodes, required } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const busy = useNavigation().state === 'submitting'
  const [confirmForm, confirmFields] = useForm({
    defaultNoValidate: false,
    id: 'two-factor-confirm',
    lastResult: lastResult?.intent === 'confirm' ? lastResult.result : undefined,
    constraint: getZodConstraint(ConfirmSchema),
  })
  const otherErrors = lastResult && ['start', 'cancel'].includes(lastResult.intent) ? (lastResult.result.error?.[''] ?? null) : null
  return (
    <>
      <PageHeader title={t('account.title')} />
      <AccountTabs />
      {required && !enabled ? (
        <p className="mb-4 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-300" role="status">
          {t('account.twoFactor.required')}
        </p>
      ) : null}
      {recoveryCodes ? (
        <Card className="mb-6 border-2 border-amber-400">
          <h2 className="text-lg font-semibold">{t('account.twoFactor.recoveryTitle')}</h2>
          <p className="mt-1 text-sm text-slate-700">{t('account.twoFactor.recoveryIntro')}</p>
          <ul className="mt-3 grid grid-cols-2 gap-2 font-mono text-lg sm:grid-cols-5" data-testid="recovery-codes">
            {recoveryCodes.map((c) => (
              <li key={c} className="whitespace-nowrap rounded bg-slate-100 px-2 py-1">
                {c}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">{t('account.twoFactor.title')}</h2>
          <p className="mt-2">{enabled ? <Badge tone="green">{t('account.twoFactor.on')}</Badge> : <Badge>{t('account.twoFactor.off')}</Badge>}</p>
          <p className="mt-2 text-sm text-slate-700">{t('account.twoFactor.intro')}</p>
          <FormErrors errors={otherErrors} />
          {!enabled && !pending ? (
            <Form method="post" className="mt-4">
              <Button type="submit" name="intent" value="start" disabled={busy}>
                {t('account.twoFactor.setUp')}
              </Button>
            </Form>
          ) : null}
          {pending ? (
            <div className="mt-4 space-y-4">
              <p>{t('account.twoFactor.scan')}</p>
              <img src={pending.qr} alt={t('account.twoFactor.qrAlt')} width={220} height={220} className="rounded bg-white" data-testid="totp-qr" />
              <p className="text-sm text-slate-700">
                {t('account.twoFactor.secretText')}{' '}
                <code className="break-all rounded bg-slate-100 px-1 font-mono" data-testid="totp-secret">
                  {pending.secret}
                </code>
              </p>
              <Form method="post" className="space-y-3" {...getFormProps(confirmForm)}>
                <Field
                  label={t('account.twoFactor.code')}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  errors={confirmFields.code.errors}
                  {...getInputProps(confirmFields.code, { type: 'text' })}
                />
                <div className="flex flex-wrap gap-3">
                  <Button type="submit" name="intent" value="confirm" disabled={busy}>
                    {t('account.twoFactor.confirm')}
                  </Button>
                  <Button type="submit" name="intent" value="cancel" variant="secondary" formNoValidate disabled={busy}>
                    {t('common.cancel')}
                  </Button>
                </div>
              </Form>
            </div>
          ) : null}
        </Card>
        {enabled ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('account.twoFactor.recoveryTitle')}</h2>
            <p className="mt-1 text-sm text-slate-700">{t('account.twoFactor.recoveryLeft', { count: recoveryCodesLeft })}</p>
            <PasswordForm intent="regenerate" lastResult={lastResult} label={t('account.twoFactor.regenerate')} variant="secondary" />
            {required ? null : (
              <div className="mt-6 border-t border-slate-200 pt-4">
                <h3 className="font-semibold">{t('account.twoFactor.turnOff')}</h3>
                <PasswordForm intent="disable" lastResult={lastResult} label={t('account.twoFactor.turnOff')} variant="danger" />
              </div>
            )}
          </Card>
        ) : null}
      </div>
    </>
  )
}

