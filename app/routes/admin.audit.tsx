import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { AdminTabs } from '~/components/admin-tabs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { auditFacets, listAudit } from '~/models/audit.server'
import { addDays, isValidLocalDate, startOfLocalDate } from '~/domain/time/zoned'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useLocale, useT } from '~/utils/i18n'

const day = z
  .string()
  .refine(isValidLocalDate)
  .optional()
  .catch(undefined)
const Filters = z.object({
  username: z.string().trim().toLowerCase().max(64).optional().catch(undefined),
  action: z.string().max(64).optional().catch(undefined),
  entityType: z.string().max(64).optional().catch(undefined),
  from: day,
  to: day,
  before: z.coerce.number().int().positive().optional().catch(undefined),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'admin:audit')
  const url = new URL(request.url)
  const f = Filters.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')))
  const tz = env().SHOP_TIME_ZONE
  const page = await listAudit({
    username: f.username || undefined,
    action: f.action || undefined,
    entityType: f.entityType || undefined,
    from: f.from ? startOfLocalDate(f.from, tz) : undefined,
    // The "to" day is included: filter up to the start of the next local day.
    to: f.to ? startOfLocalDate(addDays(f.to, 1), tz) : undefined,
    before: f.before,
  })
  return { ...page, facets: await auditFacets(), timeZone: tz }
}

export default function AuditPage() {
  const { rows, nextBefore, facets, timeZone } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  // Explicit fields, 24-hour: the same text on the server and in the browser (no ICU-dependent AM/PM words).
  const fmt = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone })
  const next = new URLSearchParams(params)
  if (nextBefore) next.set('before', String(nextBefore))
  const all = { value: '', label: t('common.all') }
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <AdminTabs />
      <Card className="mb-6">
        <Form method="get" className="grid items-end gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Field label={t('audit.user')} name="username" defaultValue={params.get('username') ?? ''} />
          <SelectField label={t('audit.action')} name="action" defaultValue={params.get('action') ?? ''} options={[all, ...facets.actions.map((a) => ({ value: a, label: a }))]} />
          <SelectField label={t('audit.entity')} name="entityType" defaultValue={params.get('entityType') ?? ''} options={[all, ...facets.entityTypes.map((a) => ({ value: a, label: a }))]} />
          <Field label={t('audit.from')} name="from" type="date" defaultValue={params.get('from') ?? ''} />
          <Field label={t('audit.to')} name="to" type="date" defaultValue={params.get('to') ?? ''} />
          <div className="flex gap-2">
            <Button type="submit">{t('common.filter')}</Button>
            <Link to="/admin/audit" className={buttonClass('ghost')}>
              {t('common.reset')}
            </Link>
          </div>
        </Form>
      </Card>
      <Card className="overflow-x-auto">
        {rows.length === 0 ? (
          <p className="text-slate-600">{t('audit.empty')}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="text-slate-600">
              <tr>
                <th className="py-2 pr-3">{t('audit.at')}</th>
                <th className="py-2 pr-3">{t('audit.user')}</th>
                <th className="py-2 pr-3">{t('audit.action')}</th>
                <th className="py-2 pr-3">{t('audit.entity')}</th>
                <th className="py-2">{t('audit.changes')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 align-top">
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="whitespace-nowrap py-2 pr-3">{fmt.format(new Date(r.at))}</td>
                  <td className="pr-3">{r.username ?? t('common.none')}</td>
                  <td className="pr-3 font-mono">{r.action}</td>
                  <td className="pr-3">
                    {r.entityType}
                    {r.entityId ? <span className="block font-mono text-xs text-slate-500">{r.entityId}</span> : null}
                  </td>
                  <td className="max-w-md">
                    <details>
                      <summary className="min-h-touch cursor-pointer py-2">JSON</summary>
                      <pre className="whitespace-pre-wrap break-all text-xs">{JSON.stringify({ before: r.before, after: r.after }, null, 1)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="mt-4 flex gap-2">
          {params.get('before') ? (
            <Link to={`?${new URLSearchParams([...params].filter(([k]) => k !== 'before'))}`} className={buttonClass('secondary')}>
              {t('common.previous')}
            </Link>
          ) : null}
          {nextBefore ? (
            <Link to={`?${next}`} className={buttonClass('secondary')}>
              {t('common.next')}
            </Link>
          ) : null}
        </div>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
