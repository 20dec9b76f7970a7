import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { AdminTabs } from '~/components/admin-tabs'
import { formatDateTime } from '~/utils/format'
import { env } from '~/utils/env.server'
import { Button } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { createApiToken, listApiTokens, readTokenFlash, revokeApiToken, tokenFlashHeader, type TokenStatus } from '~/utils/api-auth.server'
import { DEFAULT_TOKEN_DAYS, TOKEN_VALIDITY_DAYS } from '~/utils/token-validity'
import { actorOf, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { noNul } from '~/utils/text'
import { redirectWithToast, toastHeader } from '~/utils/toast.server'
import { ConfirmStep } from '~/components/ui/confirm'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const TokenAction = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    name: z.string().trim().min(1).max(80).refine(...noNul),
    scope: z.enum(['read', 'write']),
    // Missing = the default; anything else must be one of the offered choices.
    days: z.coerce
      .number()
      .int()
      .refine((d) => (TOKEN_VALIDITY_DAYS as readonly number[]).includes(d))
      .default(DEFAULT_TOKEN_DAYS),
  }),
  z.object({ intent: z.literal('revoke'), id: z.string().uuid() }),
])

// The list and the one-time token display must never be stored by a browser or proxy (the document's headers come from
// here; entry.server.tsx also marks every HTML and data response no-store).
export const headers: HeadersFunction = ({ loaderHeaders }) => ({ 'Cache-Control': loaderHeaders.get('Cache-Control') ?? 'no-store' })

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
    const { token } = await createApiToken(actor, { name: input.name, scope: input.scope, days: input.days })
    const headers = new Headers()
    headers.append('Set-Cookie', await tokenFlashHeader({ name: input.name, token }))
    return redirectWithToast('/admin/tokens', { type: 'success', key: 'tokens.createdToast', params: { name: input.name } }, { headers })
  }
  const revoked = await revokeApiToken(actor, input.id)
  if (!revoked) return data({ error: null }, { status: 404, headers: { 'Set-Cookie': await toastHeader({ type: 'error', key: 'error.notFound' }) } })
  return redirectWithToast('/admin/tokens', { type: 'success', key: 'tokens.revokedToast', params: { name: revoked.name } })
}

function StatusBadge({ status }: { status: TokenStatus }) {
  const t = useT()
  if (status === 'active') return <Badge tone="green">{t('tokens.active')}</Badge>
  if (status === 'revoked') return <Badge tone="red">{t('tokens.revoked')}</Badge>
  if (status === 'expired') return <Badge tone="slate">{t('tokens.expired')}</Badge>
  return (
    <span title={t('tokens.suspendedHint')}>
      <Badge tone="amber">{t('tokens.suspended')}</Badge>
    </span>
  )
}

export default function TokensPage() {
  const { tokens, created, timeZone } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const when = (d: Date | string | null) => (d ? formatDateTime(d, timeZone) : '—')
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
                  <th className="py-2 pr-3">{t('tokens.expires')}</th>
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
                      {when(tok.createdAt)}
                      {tok.createdBy ? ` · ${tok.createdBy}` : ''}
                    </td>
                    <td className="whitespace-nowrap pr-3 text-sm">{when(tok.expiresAt)}</td>
                    <td className="pr-3 text-sm">
                      {when(tok.lastUsedAt)}
                      {tok.lastUsedIp ? <span className="block font-mono text-xs text-slate-600">{t('tokens.lastUsedFrom', { ip: tok.lastUsedIp })}</span> : null}
                    </td>
                    <td className="pr-3">
                      <StatusBadge status={tok.status} />
                    </td>
                    <td>
                      {tok.revokedAt ? null : (
                        <Form method="post">
                          <input type="hidden" name="id" value={tok.id} />
                          <ConfirmStep label={t('tokens.revoke')} question={t('tokens.revokeQuestion', { name: tok.name })}>
                            <Button type="submit" name="intent" value="revoke" variant="danger" aria-label={`${t('tokens.revoke')} ${tok.name}`}>
                              {t('tokens.revokeConfirm')}
                            </Button>
                          </ConfirmStep>
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
              label={t('tokens.validity')}
              name="days"
              defaultValue={String(DEFAULT_TOKEN_DAYS)}
              options={TOKEN_VALIDITY_DAYS.map((d) => ({ value: String(d), label: t('tokens.days', { days: d }) }))}
            />
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

