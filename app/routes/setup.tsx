import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { Field, FormErrors } from '~/components/ui/field'
import { Card } from '~/components/ui/layout'
import { setupCodeMatches } from '~/models/setup-code.server'
import { createFirstAdmin } from '~/models/users.server'
import { passwordWeakness } from '~/utils/password-strength.server'
import { translateErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { readForm, clientIp } from '~/utils/request.server'
import { anyUserExists } from '~/utils/session.server'
import { toastHeader } from '~/utils/toast.server'
import { SetupSchema } from '~/utils/user-schemas'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/**
 * Open only while the database has no user at all; afterwards it is gone for good (redirects to /login). Creating the
 * first admin needs the one-time setup code from the server's log (or SETUP_CODE), so a stranger who reaches a fresh
 * install first cannot take it over.
 */
async function requireFreshInstall() {
  if (await anyUserExists()) throw redirect('/login')
}

export async function loader(_: LoaderFunctionArgs) {
  await requireFreshInstall()
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireFreshInstall()
  const submission = parseWithZod(await readForm(request), { schema: SetupSchema })
  const hidden = ['password', 'confirm', 'setupCode']
  if (submission.status !== 'success') {
    return data(submission.reply({ hideFields: hidden }), { status: 400 })
  }
  const ip = clientIp(request)
  // The setup code first: without it nothing else is looked at. (About 74 random bits: not guessable online.)
  if (!(await setupCodeMatches(submission.value.setupCode))) {
    return data(submission.reply({ fieldErrors: { setupCode: ['error.setupCodeWrong'] }, hideFields: hidden }), { status: 400 })
  }
  const weak = passwordWeakness(submission.value.password, [submission.value.username, submission.value.displayName])
  if (weak) return data(submission.reply({ fieldErrors: { password: [weak] }, hideFields: hidden }), { status: 400 })
  const result = await createFirstAdmin(submission.value, { ip, userAgent: request.headers.get('User-Agent') })
  if (!result.ok) throw redirect('/login')
  const headers = new Headers()
  headers.append('Set-Cookie', result.setCookie)
  headers.append('Set-Cookie', await toastHeader({ type: 'success', key: 'setup.done' }))
  return redirect('/', { headers })
}

export default function SetupPage() {
  const t = useT()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    defaultNoValidate: false,
    lastResult,
    constraint: getZodConstraint(SetupSchema),
  })
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="text-2xl font-bold">{t('setup.title')}</h1>
        <p className="mt-2 text-slate-700">{t('setup.intro')}</p>
        <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <Field
            label={t('setup.code')}
            hint={t('setup.codeHint')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            errors={translateErrors(t, fields.setupCode.errors)}
            {...getInputProps(fields.setupCode, { type: 'text' })}
          />
          <Field label={t('user.username')} autoComplete="username" autoCapitalize="none" errors={translateErrors(t, fields.username.errors)} {...getInputProps(fields.username, { type: 'text' })} />
          <Field label={t('user.displayName')} autoComplete="name" errors={translateErrors(t, fields.displayName.errors)} {...getInputProps(fields.displayName, { type: 'text' })} />
          <Field label={t('user.password')} autoComplete="new-password" errors={translateErrors(t, fields.password.errors)} {...getInputProps(fields.password, { type: 'password' })} />
          <Field label={t('user.passwordConfirm')} autoComplete="new-password" errors={translateErrors(t, fields.confirm.errors)} {...getInputProps(fields.confirm, { type: 'password' })} />
          <Button type="submit" className="w-full" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? t('common.saving') : t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}

