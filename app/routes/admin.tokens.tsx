import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { AdminTabs } from '~/components/admin-tabs'
import { formatDateTime } from '~/components/printers/format'
import { env } from '~/utils/env.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { createApiToken, listApiTokens, readTokenFlash, revokeApiToken, tokenFlashHeader } from '~/utils/api-auth.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { useLocale, useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { noNul } from '~/utils/text'
import { redirectWithToast, toastHeader } from '~/utils/toast.server'

const TokenAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('create'), name: z.string().trim().min(1).max(80).refine(...noNul), scope: z.enum(['read', 'write']) }),
  z.object({ intent: z.literal('revoke'), id: z.string().uuid() }),
])

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'admin:tokens')
  const flash = await readTokenFlash(request)
  const headers = new Headers({ 'Cache-Control': 'no-store' })
  if (flash.clear) headers.append('Set-Cookie', flash.clear)
  return data({ tokens: await listApiTokens(), created: flash.value, timeZone: env().SHOP_TIME_ZONE }, { headers })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'admin:tokens')
  const parsed = TokenAction.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) return data({ error: 'tokens.error.name' as const }, { status: 400 })
  const input = parsed.data
  const actor = actorOf(user, request)
  if (input.intent === 'create') {
    const { token } = await createApiToken(actor, { name: input.name, scope: input.scope })
    const headers = new Headers()
    headers.append('Set-Cookie', await tokenFlashHeader({ name: input.name, token }))
    return redirectWithToast('/admin/tokens', { type: 'success', key: 'tokens.createdToast', params: { name: input.name } }, { headers })
  }
  const revoked = await revokeApiToken(actor, input.id)
  if (!revoked) return data({ error: null }, { status: 404, headers: { 'Set-Cookie': await toastHeader({ type: 'error', key: 'error.notFound' }) } })
  return redirectWithToast('/admin/tokens', { type: 'success', key: 'tokens.revokedToast', params: { name: revoked.name } })
}

export default function TokensPage() {
  const { tokens, created, timeZone } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const when = (d: string | null) => (d ? formatDateTime(locale, d, timeZone) : '—')
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <AdminTabs />
      <h2 className="mb-2 text-xl font-semibold">{t('tokens.title')}</h2>
      <p className="mb-4 text-slate-700">
        {t('tokens.intro')}{' '}
        <Link to="/api/v1/docs" className="font-medium text-blue-800 underline">
          {t('tokens.docs')}
        </Link>
      </p>
      {created ? (
        <Card className="mb-6 border-2 border-amber-400">
          <p className="font-medium">{t('tokens.copyNow')}</p>
          <p className="mt-1 text-sm text-slate-700">{created.name}</p>
          <code className="mt-2 block break-all rounded bg-slate-100 p-3 font-mono text-base" data-testid="new-token">
            {created.token}
          </code>
        </Card>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="overflow-x-auto lg:col-span-2">
          {tokens.length === 0 ? (
            <p>{t('tokens.empty')}</p>
          ) : (
            <table className="w-full text-left" data-testid="tokens">
              <thead className="text-sm text-slate-600">
                <tr>
                  <th className="py-2 pr-3">{t('tokens.name')}</th>
                  <th className="py-2 pr-3">{t('tokens.scope')}</th>
                  <th className="py-2 pr-3">{t('tokens.prefix')}</th>
                  <th className="py-2 pr-3">{t('tokens.created')}</th>
                  <th className="py-2 pr-3">{t('tokens.lastUsed')}</th>
                  <th className="py-2 pr-3">{t('tokens.status')}</th>
                  <th className="py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {tokens.map((tok) => (
                  <tr key={tok.id}>
                    <td className="py-1 pr-3 font-medium">{tok.name}</td>
                    <td className="pr-3">{t(tok.scope === 'write' ? 'tokens.scope.write' : 'tokens.scope.read')}</td>
                    <td className="pr-3 font-mono text-sm">{tok.prefix}…</td>
                    <td className="pr-3 text-sm">
                      {when(tok.createdAt as unknown as string)}
                      {tok.createdBy ? ` · ${tok.createdBy}` : ''}
                    </td>
                    <td className="pr-3 text-sm">{when(tok.lastUsedAt as unknown as string | null)}</td>
                    <td className="pr-3">{tok.revokedAt ? <Badge tone="red">{t('tokens.revoked')}</Badge> : <Badge tone="green">{t('tokens.active')}</Badge>}</td>
                    <td>
                      {tok.revokedAt ? null : (
                        <Form method="post">
                          <input type="hidden" name="id" value={tok.id} />
                          <Button type="submit" name="intent" value="revoke" variant="danger" aria-label={`${t('tokens.revoke')} ${tok.name}`}>
                            {t('tokens.revoke')}
                          </Button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t('tokens.new')}</h2>
          <Form method="post" className="mt-4 space-y-4">
            <Field label={t('tokens.name')} name="name" required maxLength={80} autoComplete="off" errors={result?.error ? [t(result.error)] : null} />
            <SelectField
              label={t('tokens.scope')}
              name="scope"
              defaultValue="read"
              options={[
                { value: 'read', label: t('tokens.scope.read') },
                { value: 'write', label: t('tokens.scope.write') },
              ]}
            />
            <Button type="submit" name="intent" value="create" className="w-full" disabled={navigation.state === 'submitting'}>
              {t('common.create')}
            </Button>
          </Form>
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
