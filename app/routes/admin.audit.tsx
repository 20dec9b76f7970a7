import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { AdminTabs } from '~/components/admin-tabs'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { auditChanges, type AuditValue } from '~/domain/audit'
import { isMessageKey, type Translate } from '~/i18n/registry'
import { auditFacets, listAudit } from '~/models/audit.server'
import { addDays, isValidLocalDate, startOfLocalDate } from '~/domain/time/zoned'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { roles, type Role } from '~/utils/permissions'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

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

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number]

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
          <SelectField label={t('audit.action')} name="action" defaultValue={params.get('action') ?? ''} options={[all, ...facets.actions.map((a) => ({ value: a, label: actionLabel(t, a) }))]} />
          <SelectField label={t('audit.entity')} name="entityType" defaultValue={params.get('entityType') ?? ''} options={[all, ...facets.entityTypes.map((a) => ({ value: a, label: entityLabel(t, a) }))]} />
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
      <Card>
        <DataTable<Row>
          testId="audit-table"
          size="sm"
          rows={rows}
          rowKey={(r) => String(r.id)}
          rowProps={() => ({ className: 'align-top' })}
          empty={t('audit.empty')}
          stack
          columns={[
            { key: 'at', header: t('audit.at'), nowrap: true, cell: (r) => fmt.format(new Date(r.at)) },
            { key: 'user', header: t('audit.user'), nowrap: true, cell: (r) => r.username ?? t('common.none') },
            {
              key: 'action',
              header: t('audit.action'),
              cell: (r) => (
                <span data-testid="audit-action" data-action={r.action}>
                  {actionLabel(t, r.action)}
                </span>
              ),
            },
            {
              key: 'record',
              header: t('audit.record'),
              className: 'min-w-[12rem]',
              cell: (r) => (
                <span data-testid="audit-record">
                  <span className="block text-slate-600">{entityLabel(t, r.entityType)}</span>
                  {r.recordName ? (
                    <span className="block font-medium">{r.recordName}</span>
                  ) : r.entityId ? (
                    <span className="block whitespace-nowrap font-mono text-xs text-slate-500" title={r.entityId}>
                      {r.entityId.slice(0, 8)}
                    </span>
                  ) : null}
                </span>
              ),
            },
            { key: 'changes', header: t('audit.changes'), wide: true, className: 'min-w-[16rem]', cell: (r) => <Changes row={r} timeZone={timeZone} /> },
          ]}
        />
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

function actionLabel(t: Translate, action: string): string {
  const key = `audit.action.${action}`
  return isMessageKey(key) ? t(key) : action
}

function entityLabel(t: Translate, type: string): string {
  const key = `audit.entity.${type}`
  return isMessageKey(key) ? t(key) : type
}

/** "calendar.tue" → "가동 시간 · tue": the labelled top field, then the rest of the path as written. */
function fieldLabel(t: Translate, field: string): string {
  const [head, ...rest] = field.split('.')
  const key = `audit.field.${head}`
  return [isMessageKey(key) ? t(key) : head, ...rest].join(' · ')
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/** Where a record type's status values have their words (an order's "completed" reads 완료, not completed). */
const statusKeys: Readonly<Record<string, string>> = { order: 'orders.status.', print_job: 'schedule.status.', spool: 'inventory.status.', printer: 'printers.status.' }

function ShownValue({ field, value, timeZone, entityType }: { field: string; value: AuditValue; timeZone: string; entityType: string }) {
  const t = useT()
  if (value === null || value === '') return <span className="text-slate-500">{t('common.none')}</span>
  if (typeof value === 'boolean') return <>{t(value ? 'common.yes' : 'common.no')}</>
  if (typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)))
    return <span className="whitespace-nowrap">{formatDateTime(value, timeZone)}</span>
  if (field === 'role' && typeof value === 'string' && (roles as readonly string[]).includes(value)) return <>{t(`role.${value as Role}`)}</>
  const status = `${statusKeys[entityType] ?? 'audit.status.'}${String(value)}`
  if (field === 'status' && isMessageKey(status)) return <>{t(status)}</>
  const reason = `audit.reason.${String(value)}`
  if (field === 'reason' && isMessageKey(reason)) return <>{t(reason)}</>
  return <span className="break-words [overflow-wrap:anywhere]">{String(value)}</span>
}

/** The row's changed fields, before → after; a long list folds away (a disclosure: works without JavaScript). */
function Changes({ row, timeZone }: { row: Row; timeZone: string }) {
  const t = useT()
  const changes = auditChanges(row.before, row.after)
  // Nothing recorded (a sign-in) reads as a dash; a save that changed nothing says so.
  if (changes.length === 0)
    return <span className="text-slate-500">{row.before != null && row.after != null ? t('audit.noChanges') : t('common.none')}</span>
  const table = (
    <table className="text-left text-sm" data-testid="audit-changes">
      <thead className="sr-only">
        <tr>
          <th scope="col">{t('audit.field')}</th>
          <th scope="col">{t('audit.before')}</th>
          <th scope="col">{t('audit.after')}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row" className="py-1 pr-4 align-top font-medium text-slate-700">
              {fieldLabel(t, c.field)}
            </th>
            <td className="py-1 align-top">
              <span className="text-slate-600 line-through decoration-slate-400">
                <ShownValue field={c.field} value={c.before} timeZone={timeZone} entityType={row.entityType} />
              </span>
              <span aria-hidden="true" className="px-1 text-slate-500">
                →
              </span>
              <span className="sr-only">{t('audit.after')}: </span>
              <ShownValue field={c.field} value={c.after} timeZone={timeZone} entityType={row.entityType} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
  if (changes.length <= 4) return table
  return (
    <details>
      <summary className="flex min-h-touch cursor-pointer items-center gap-1 font-medium text-blue-800">
        <span aria-hidden="true">▸</span>
        {t('audit.changeCount', { count: changes.length })}
      </summary>
      {table}
    </details>
  )
}
