import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { buttonClass } from '~/components/ui/button'
import { inputClass } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { VibrationTabs } from '~/components/vibration/ui'
import { filterFromSearch } from '~/domain/vibration/filters'
import { countSamples, listSamples } from '~/models/vibration/samples.server'
import { listMachines } from '~/models/vibration/machines.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

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

const fmt = (v: number | null) => (v === null ? '' : String(v))

export default function VibrationBrowser() {
  const { machines, rows, nextCursor, paged, totals, filter, query, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  const navigation = useNavigation()
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
          <label className="block text-sm font-medium text-slate-800">
            {t('vibration.filter.machine')}
            <select name="machine" defaultValue={filter.machine} className={`mt-1 ${inputClass}`}>
              <option value="">{t('common.all')}</option>
              {machines.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm font-medium text-slate-800">
            {t('vibration.filter.sensor')}
            <input name="sensor" defaultValue={filter.sensor} className={`mt-1 ${inputClass}`} list="vibration-sensors" autoComplete="off" />
            <datalist id="vibration-sensors">
              {[...new Set(machines.flatMap((m) => m.sensors))].map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </label>
          <label className="block text-sm font-medium text-slate-800">
            {t('vibration.filter.from')}
            <input type="datetime-local" step={1} name="from" defaultValue={filter.from} className={`mt-1 ${inputClass}`} />
          </label>
          <label className="block text-sm font-medium text-slate-800">
            {t('vibration.filter.to')}
            <input type="datetime-local" step={1} name="to" defaultValue={filter.to} className={`mt-1 ${inputClass}`} />
          </label>
          {filter.import ? <input type="hidden" name="import" value={filter.import} /> : null}
          <button type="submit" className={buttonClass('primary')} disabled={navigation.state === 'loading'}>
            {t('common.filter')}
          </button>
          <Link to="/vibration" className={buttonClass('secondary')}>
            {t('common.reset')}
          </Link>
        </Form>
      </Card>
      <Card className="overflow-x-auto">
        <p className="mb-2 text-sm text-slate-700" data-testid="browse-summary">
          {t('vibration.browse.summary', { recordings: totals.recordings, samples: totals.samples })}
        </p>
        {rows.length === 0 ? (
          <p>{t('vibration.browse.empty')}</p>
        ) : (
          <table className="w-full text-left text-sm tabular-nums" data-testid="samples">
            <thead className="text-slate-600">
              <tr>
                <th className="py-1 pr-3">{t('vibration.col.machine')}</th>
                <th className="py-1 pr-3">{t('vibration.col.sensor')}</th>
                <th className="py-1 pr-3">{t('vibration.col.collectedAt')}</th>
                <th className="py-1 pr-3 text-right">{t('vibration.col.time')}</th>
                {hasFour ? (
                  <>
                    <th className="py-1 pr-3 text-right">{t('vibration.col.normal')}</th>
                    <th className="py-1 pr-3 text-right">{t('vibration.col.type1')}</th>
                    <th className="py-1 pr-3 text-right">{t('vibration.col.type2')}</th>
                    <th className="py-1 pr-3 text-right">{t('vibration.col.type3')}</th>
                  </>
                ) : null}
                {hasValue ? <th className="py-1 text-right">{t('vibration.col.value')}</th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r, i) => (
                <tr key={i}>
                  <td className="py-0.5 pr-3">{r.machine_name}</td>
                  <td className="py-0.5 pr-3">{r.sensor_no}</td>
                  <td className="py-0.5 pr-3 whitespace-nowrap">{r.collected_at}</td>
                  <td className="py-0.5 pr-3 text-right">{fmt(r.measured_time)}</td>
                  {hasFour ? (
                    <>
                      <td className="py-0.5 pr-3 text-right">{fmt(r.normal)}</td>
                      <td className="py-0.5 pr-3 text-right">{fmt(r.unbalance)}</td>
                      <td className="py-0.5 pr-3 text-right">{fmt(r.looseness)}</td>
                      <td className="py-0.5 pr-3 text-right">{fmt(r.unbalance_looseness)}</td>
                    </>
                  ) : null}
                  {hasValue ? <td className="py-0.5 text-right">{fmt(r.value)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
