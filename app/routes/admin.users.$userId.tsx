import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { AdminTabs } from '~/components/admin-tabs'
import { Button } from '~/components/ui/button'
import { ConfirmStep } from '~/components/ui/confirm'
import { Field, FormErrors, SelectField } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import type { MessageKey } from '~/i18n'
import { hasTwoFactor, removeTwoFactor } from '~/models/account/two-factor.server'
import { changeUser, getUser, type UserChangeResult } from '~/models/users.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { translateErrors } from '~/utils/forms'
import { passwordWeakness } from '~/utils/password-strength.server'
import { useT } from '~/utils/i18n'
import { roles } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { EditUserSchema } from '~/utils/user-schemas'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, 'admin:users')
  const user = await getUser(params.userId ?? '')
  if (!user) throw new Response('User not found', { status: 404 })
  return { user, twoFactor: await hasTwoFactor(user.id) }
}

const failureMessage: Record<Exclude<UserChangeResult, { ok: true }>['reason'], MessageKey> = {
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  username_taken: 'error.usernameTaken',
  self: 'admin.cannotDemoteSelf',
  last_admin: 'admin.lastAdmin',
}

export async function action({ request, params }: ActionFunctionArgs) {
  const me = await requireUser(request, 'admin:users')
  const id = params.userId ?? ''
  if (!(await getUser(id))) throw new Response('User not found', { status: 404 })
  const submission = parseWithZod(await readForm(request), { schema: EditUserSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password', 'confirm'] }), current: null }, { status: 400 })
  }
  const v = submission.value
  const actor = actorOf(me, request)
  if (v.intent === 'reset-2fa') {
    // For a user who lost their phone: the second factor and recovery codes go; they sign in with the password again.
    const target = await getUser(id)
    const removed = await removeTwoFactor(actor, id, 'user.reset_2fa')
    if (!removed) return data({ result: submission.reply({ formErrors: ['admin.noTwoFactor'] }), current: null }, { status: 400 })
    return redirectWithToast(`/admin/users/${id}`, { type: 'success', key: 'admin.twoFactorReset', params: { username: target?.username ?? '' } })
  }
  if (v.intent === 'reset-password') {
    const target = await getUser(id)
    const weak = passwordWeakness(v.password, [target?.username ?? '', target?.displayName ?? ''])
    if (weak) return data({ result: submission.reply({ fieldErrors: { password: [weak] }, hideFields: ['password', 'confirm'] }), current: null }, { status: 400 })
  }
  const result =
    v.intent === 'save'
      ? await changeUser(actor, id, v.version, { displayName: v.displayName, role: v.role }, 'user.update')
      : v.intent === 'disable'
        ? await changeUser(actor, id, v.version, { disabled: true }, 'user.disable')
        : v.intent === 'enable'
          ? await changeUser(actor, id, v.version, { disabled: false }, 'user.enable')
          : await changeUser(actor, id, v.version, { password: v.password }, 'user.reset_password')
  if (!result.ok) {
    const status = result.reason === 'conflict' ? 409 : result.reason === 'not_found' ? 404 : 400
    return data(
      { result: submission.reply({ formErrors: [failureMessage[result.reason]], hideFields: ['password', 'confirm'] }), current: result.current ?? null },
      { status },
    )
  }
  const key: MessageKey =
    v.intent === 'save' ? 'admin.userSaved' : v.intent === 'disable' ? 'admin.userDisabled' : v.intent === 'enable' ? 'admin.userEnabled' : 'admin.passwordReset'
  const url = `/admin/users/${id}`
  const undo = v.intent === 'disable' ? { action: url, intent: 'enable', fields: { version: String(result.user.version) } } : undefined
  return redirectWithToast(url, { type: 'success', key, params: { username: result.user.username }, undo })
}

export default function EditUserPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const navigation = useNavigation()
  // After a conflict the form shows the newer record (and its version), so saving again is a deliberate choice.
  const user = actionData?.current ?? loaded.user
  const fieldErrors = (actionData?.result.error ?? {}) as Record<string, string[] | undefined>
  const formErrors = translateErrors(t, fieldErrors[''])
  const busy = navigation.state === 'submitting'
  return (
    <>
      <PageHeader title={`${t('admin.editUser')}: ${user.username}`} />
      <AdminTabs />
      <div className="grid gap-6 lg:grid-cols-2" key={user.version}>
        <Card>
          <FormErrors errors={formErrors} />
          <Form method="post" className="mt-2 space-y-4">
            <input type="hidden" name="version" value={user.version} />
            <Field label={t('user.displayName')} name="displayName" defaultValue={user.displayName} required maxLength={80} errors={translateErrors(t, fieldErrors.displayName)} />
            <SelectField
              label={t('user.role')}
              name="role"
              defaultValue={user.role}
              options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              errors={translateErrors(t, fieldErrors.role)}
            />
            <Button type="submit" name="intent" value="save" disabled={busy}>
              {t('common.save')}
            </Button>
          </Form>
          <div className="mt-6 flex items-center gap-3 border-t border-slate-200 pt-4">
            <span>{t('user.status')}:</span>
            {user.disabledAt ? <Badge tone="red">{t('user.disabled')}</Badge> : <Badge tone="green">{t('user.active')}</Badge>}
            <Form method="post" className="ml-auto">
              <input type="hidden" name="version" value={user.version} />
              {user.disabledAt ? (
                <Button type="submit" name="intent" value="enable" variant="secondary" disabled={busy}>
                  {t('admin.enable')}
                </Button>
              ) : (
                <ConfirmStep label={t('admin.disable')} question={t('admin.disableQuestion', { username: user.username })} testId="confirm-disable">
                  <Button type="submit" name="intent" value="disable" variant="danger" disabled={busy}>
                    {t('admin.disable')}
                  </Button>
                </ConfirmStep>
              )}
            </Form>
          </div>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t('account.twoFactor.title')}</h2>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            {loaded.twoFactor ? <Badge tone="green">{t('account.twoFactor.on')}</Badge> : <Badge>{t('account.twoFactor.off')}</Badge>}
            {loaded.twoFactor ? (
              <Form method="post" className="ml-auto">
                <input type="hidden" name="version" value={user.version} />
                <ConfirmStep label={t('admin.resetTwoFactor')} question={t('admin.resetTwoFactorQuestion', { username: user.username })} testId="confirm-reset-2fa">
                  <Button type="submit" name="intent" value="reset-2fa" variant="danger" disabled={busy}>
                    {t('admin.resetTwoFactor')}
                  </Button>
                </ConfirmStep>
              </Form>
            ) : null}
          </div>
          <p className="mt-2 text-sm text-slate-600">{t('admin.resetTwoFactorHint')}</p>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t('admin.resetPassword')}</h2>
          <Form method="post" className="mt-4 space-y-4">
            <input type="hidden" name="version" value={user.version} />
            <Field label={t('user.password')} name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={128} errors={translateErrors(t, fieldErrors.password)} />
            <Field label={t('user.passwordConfirm')} name="confirm" type="password" autoComplete="new-password" required errors={translateErrors(t, fieldErrors.confirm)} />
            <Button type="submit" name="intent" value="reset-password" variant="secondary" disabled={busy}>
              {t('admin.resetPassword')}
            </Button>
          </Form>
        </Card>
      </div>
    </>
  )
}

