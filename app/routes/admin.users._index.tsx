import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useEffect, useRef } from 'react'
import type { z } from 'zod'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { AdminTabs } from '~/components/admin-tabs'
import { Button } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { createUser, listUsers, usernameTaken } from '~/models/users.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { passwordWeakness } from '~/utils/password-strength.server'
import { translateErrors } from '~/utils/forms'
import { useLocale, useT } from '~/utils/i18n'
import { roles } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { NewUserSchema } from '~/utils/user-schemas'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'admin:users')
  return { users: await listUsers(), timeZone: env().SHOP_TIME_ZONE }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'admin:users')
  const submission = parseWithZod(await readForm(request), { schema: NewUserSchema })
  if (submission.status !== 'success') return data(submission.reply({ hideFields: ['password', 'confirm'] }), { status: 400 })
  const { confirm: _confirm, ...input } = submission.value
  const weak = passwordWeakness(input.password, [input.username, input.displayName])
  // A taken username is reported with the password's problem, if any, in one answer.
  const taken = await usernameTaken(input.username)
  if (weak || taken) {
    const fieldErrors = { ...(taken && { username: ['error.usernameTaken'] }), ...(weak && { password: [weak] }) }
    return data(submission.reply({ fieldErrors, hideFields: ['password', 'confirm'] }), { status: taken ? 409 : 400 })
  }
  const result = await createUser(actorOf(user, request), input)
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: { username: ['error.usernameTaken'] }, hideFields: ['password', 'confirm'] }), { status: 409 })
  }
  return redirectWithToast('/admin/users', { type: 'success', key: 'admin.userCreated', params: { username: result.user.username } })
}

export default function UsersPage() {
  const { users, timeZone } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  // A successful create redirects here (a new location); a refused one answers in place. Keying the form on the location
  // starts it empty after a success with JavaScript, as the full page load does without it. A refusal keeps the key:
  // its navigation also ends on a new location, but only once the page's data is read again — after the error showed —
  // and a new key then would wipe what the admin has typed since.
  const location = useLocation()
  const refused = useActionData<typeof action>() !== undefined
  const formKey = useRef(location.key)
  if (!refused) formKey.current = location.key
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <AdminTabs />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="overflow-x-auto lg:col-span-2">
          <table className="w-full text-left">
            <thead className="text-sm text-slate-600">
              <tr>
                <th className="py-2 pr-3">{t('user.username')}</th>
                <th className="py-2 pr-3">{t('user.displayName')}</th>
                <th className="py-2 pr-3">{t('user.role')}</th>
                <th className="py-2 pr-3">{t('user.status')}</th>
                <th className="py-2">{t('user.createdAt')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {users.map((u) => (
                <tr key={u.id}>
                  <td className="py-1 pr-3">
                    <Link to={`/admin/users/${u.id}`} className="flex min-h-touch items-center whitespace-nowrap font-medium text-blue-800 underline">
                      {u.username}
                    </Link>
                  </td>
                  <td className="pr-3">{u.displayName}</td>
                  <td className="whitespace-nowrap pr-3">{t(`role.${u.role}`)}</td>
                  <td className="pr-3">{u.disabledAt ? <Badge tone="red">{t('user.disabled')}</Badge> : <Badge tone="green">{t('user.active')}</Badge>}</td>
                  <td className="whitespace-nowrap">{new Date(u.createdAt).toLocaleDateString(locale === 'ko' ? 'ko-KR' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t('admin.newUser')}</h2>
          <NewUserForm key={formKey.current} />
        </Card>
      </div>
    </>
  )
}

function NewUserForm() {
  const t = useT()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm<z.input<typeof NewUserSchema>>({
    defaultNoValidate: false,
    lastResult,
    constraint: getZodConstraint(NewUserSchema),
    defaultValue: { role: 'operator' },
  })
  // A refusal never sends the passwords back: the ones typed are cleared, as the page shows them without JavaScript.
  // (The form keeps its key on a refusal — see UsersPage — so this happens once, when the refusal arrives.)
  useEffect(() => {
    if (!lastResult) return
    const element = document.getElementById(form.id)
    if (!(element instanceof HTMLFormElement)) return
    for (const name of [fields.password.name, fields.confirm.name]) {
      const input = element.elements.namedItem(name)
      if (input instanceof HTMLInputElement) input.value = ''
    }
  }, [lastResult, form.id, fields.password.name, fields.confirm.name])
  const roleOptions = roles.map((r) => ({ value: r, label: t(`role.${r}`) }))
  return (
    <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
      <Field label={t('user.username')} autoCapitalize="none" autoComplete="off" errors={translateErrors(t, fields.username.errors)} {...getInputProps(fields.username, { type: 'text' })} />
      <Field label={t('user.displayName')} errors={translateErrors(t, fields.displayName.errors)} {...getInputProps(fields.displayName, { type: 'text' })} />
      <SelectField label={t('user.role')} options={roleOptions} errors={translateErrors(t, fields.role.errors)} {...getSelectProps(fields.role)} />
      <Field label={t('user.password')} autoComplete="new-password" errors={translateErrors(t, fields.password.errors)} {...getInputProps(fields.password, { type: 'password' })} />
      <Field label={t('user.passwordConfirm')} autoComplete="new-password" errors={translateErrors(t, fields.confirm.errors)} {...getInputProps(fields.confirm, { type: 'password' })} />
      <Button type="submit" className="w-full" disabled={navigation.state === 'submitting'}>
        {t('common.create')}
      </Button>
    </Form>
  )
}
