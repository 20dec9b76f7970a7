import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { buttonClass } from '~/components/ui/button'
import { Field } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable, type Column } from '~/components/ui/table'
import { MachineSelect } from '~/components/vibration/filters'
import { VibrationTabs } from '~/components/vibration/ui'
import { filterFromSearch } from '~/domain/vibration/filters'
import { countSamples, listSamples } from '~/models/vibration/samples.server'
import { listMachines } from '~/models/vibration/machines.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const PAGE = 100

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const url = new URL(request.url)
  const filter = filterFromSearch(url.searchParams, env().SHOP_TIME_ZONE)
  const [machines, page, totals] = await Promise.all([listMachines(), listSamples(filter, url.searchParams.get('cursor'), PAGE), countSamples(filter)])
  const query = new URLSearchParams(Object.entries(filter.raw).filter(([, v]) => v !== ''))
  return {
    machines: machines.map((m) => ({ id: m.id, name: m.name, sensors: m.sensors })),
    rows: page.rows,
    nextCursor: page.nextCursor,
    paged: url.searchParams.has('cursor'),
    totals,
    filter: filter.raw,
    query: query.toString(),
    canUpload: can(user.role, 'vibration:upload'),
  }
}

type Sample = Awaited<ReturnType<typeof listSamples>>['rows'][number]

/** A measured value as stored (every digit, as the CSV export writes it); none → empty. */
const stored = (v: number | null) => (v === null ? '' : String(v))
const valueColumn = (key: 'measured_time' | 'normal' | 'unbalance' | 'looseness' | 'unbalance_looseness' | 'value', header: string): Column<Sample> => ({
  key,
  header,
  numeric: true,
  cell: (r) => stored(r[key]),
})

export default function VibrationBrowser() {
  const { machines, rows, nextCursor, paged, totals, filter, query, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  const filtering = useIsPending({ formMethod: 'GET' })
  const hasValue = rows.some((r) => r.value !== null)
  const hasFour = rows.some((r) => r.normal !== null) || !hasValue
  const withQuery = (extra: Record<string, string>) => {
    const q = new URLSearchParams(query)
    for (const [k, v] of Object.entries(extra)) q.set(k, v)
    return q.toString()
  }
  return (
    <>
      <PageHeader
        title={t('vibration.title')}
        actions={
          <a className={buttonClass('secondary')} href={`/vibration/export${query ? `?${query}` : ''}`} download>
            {t('vibration.browse.export')}
          </a>
        }
      />
      <VibrationTabs canUpload={canUpload} />
      <Card className="mb-4">
        <Form method="get" className="grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label={t('common.filter')}>
          <MachineSelect machines={machines} defaultValue={filter.machine} />
          <div>
            <Field label={t('vibration.filter.sensor')} name="sensor" defaultValue={filter.sensor} list="vibration-sensors" autoComplete="off" />
            <datalist id="vibration-sensors">
              {[...new Set(machines.flatMap((m) => m.sensors))].map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </div>
          {(['from', 'to'] as const).map((k) => (
            <Field key={k} label={t(`vibration.filter.${k}`)} type="datetime-local" step={1} name={k} defaultValue={filter[k]} />
          ))}
          {filter.import ? <input type="hidden" name="import" value={filter.import} /> : null}
          <button type="submit" className={buttonClass('primary')} disabled={filtering}>
            {t('common.filter')}
          </button>
          <Link to="/vibration" className={buttonClass('secondary')}>
            {t('common.reset')}
          </Link>
        </Form>
      </Card>
      <Card>
        <p className="mb-2 text-sm text-slate-700" data-testid="browse-summary">
          {t('vibration.browse.summary', { recordings: totals.recordings, samples: totals.samples })}
        </p>
        {rows.length === 0 ? (
          <p>{t('vibration.browse.empty')}</p>
        ) : (
          <DataTable
            size="sm"
            testId="samples"
            rows={rows}
            rowKey={(_, i) => String(i)}
            columns={[
              { key: 'machine', header: t('vibration.col.machine'), cell: (r) => r.machine_name },
              { key: 'sensor', header: t('vibration.col.sensor'), cell: (r) => r.sensor_no },
              { key: 'collectedAt', header: t('vibration.col.collectedAt'), nowrap: true, cell: (r) => r.collected_at },
              valueColumn('measured_time', t('vibration.col.time')),
              ...(hasFour
                ? [
                    valueColumn('normal', t('vibration.col.normal')),
                    valueColumn('unbalance', t('vibration.col.type1')),
                    valueColumn('looseness', t('vibration.col.type2')),
                    valueColumn('unbalance_looseness', t('vibration.col.type3')),
                  ]
                : []),
              ...(hasValue ? [valueColumn('value', t('vibration.col.value'))] : []),
            ]}
          />
        )}
        <nav className="mt-4 flex gap-2" aria-label={t('common.next')}>
          {paged ? (
            <Link className={buttonClass('secondary')} to={`/vibration${query ? `?${query}` : ''}`}>
              {t('vibration.browse.first')}
            </Link>
          ) : null}
          {nextCursor ? (
            <Link className={buttonClass('secondary')} to={`/vibration?${withQuery({ cursor: nextCursor })}`}>
              {t('vibration.browse.next')}
            </Link>
          ) : null}
        </nav>
      </Card>
    </>
  )
}
