import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { CHECK_JOB_ID, poolOptions, readCheck } from '~/domain/inventory/outlook-check'
import { InventoryTabs, OutlookStatusBadge, outlookRowTone, Swatch, useGrams } from '~/components/inventory/ui'
import { buttonClass } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import type { InventoryId } from '~/domain/inventory'
import type { Translate } from '~/i18n'
import { inventoryOutlook, plannedFilamentUse } from '~/models/inventory/outlook.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'inventory:read')
  const url = new URL(request.url)
  const now = new Date()
  const timeZone = env().SHOP_TIME_ZONE
  const base = await inventoryOutlook([], now)
  const check = readCheck(url.searchParams, base.filaments, timeZone, now)
  const { outlook, spools } = check.job ? await inventoryOutlook([check.job], now) : base
  const spoolInfo = new Map(spools.map((s) => [s.id, s]))
  const groups = outlook.groups.map((g) => ({
    ...g,
    spools: outlook.spools
      .filter((s) => s.key === g.key && s.counted)
      .sort((a, b) => (a.fifoRank ?? 0) - (b.fifoRank ?? 0))
      .map((s) => {
        const info = spoolInfo.get(String(s.spoolId))
        return { id: String(s.spoolId), batch: info?.batch ?? '', brand: info?.brand ?? '', remainingMg: s.remainingMg, estimatedMg: s.estimatedRemainingMg ?? 0 }
      }),
  }))
  const plannedJobCount = (await plannedFilamentUse()).length
  return {
    groups,
    pools: poolOptions(base.filaments),
    check: { submitted: check.submitted, values: check.values, errors: check.errors, poolKey: check.poolKey },
    plannedJobCount,
    query: url.search,
  }
}

function jobLabel(t: Translate, jobId: InventoryId, ref: string | null): string {
  return jobId === CHECK_JOB_ID ? t('inventory.check.jobRef') : (ref ?? String(jobId))
}

export default function OutlookPage() {
  const { groups, pools, check, plannedJobCount, query } = useLoaderData<typeof loader>()
  const t = useT()
  const grams = useGrams()
  const checked = check.poolKey ? groups.find((g) => g.key === check.poolKey) : undefined
  return (
    <>
      <PageHeader
        title={t('inventory.outlook.title')}
        actions={
          <a href={`/inventory/export/outlook${query}`} className={buttonClass('secondary')} download>
            {t('inventory.exportCsv')}
          </a>
        }
      />
      <InventoryTabs />
      <p className="mb-2 text-slate-700">{t('inventory.outlook.intro')}</p>
      {plannedJobCount === 0 ? <p className="mb-4 text-slate-700">{t('inventory.outlook.noPlan')}</p> : null}

      <Card className="mb-6">
        <h2 className="text-lg font-semibold">{t('inventory.check.title')}</h2>
        <p className="mt-1 text-sm text-slate-600">{t('inventory.check.intro')}</p>
        <Form method="get" className="mt-4 grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-6">
          <div className="lg:col-span-2">
            <SelectField
              label={t('inventory.check.pool')}
              name="filament"
              required
              defaultValue={check.values.filament}
              errors={check.errors.filament}
              options={[{ value: '', label: t('inventory.check.choose') }, ...pools.map((p) => ({ value: p.value, label: p.label }))]}
            />
          </div>
          <Field label={t('inventory.check.grams')} name="grams" inputMode="decimal" defaultValue={check.values.grams} errors={check.errors.grams} />
          <Field label={`${t('inventory.check.or')} ${t('inventory.check.units')}`} name="units" inputMode="numeric" defaultValue={check.values.units} errors={check.errors.units} />
          <Field label={t('inventory.check.gramsPerUnit')} name="gramsPerUnit" inputMode="decimal" defaultValue={check.values.gramsPerUnit} errors={check.errors.gramsPerUnit} />
          <Field label={t('inventory.check.date')} name="date" type="date" defaultValue={check.values.date} errors={check.errors.date} />
          <div className="lg:col-span-6">
            <button type="submit" className={buttonClass('primary')}>
              {t('inventory.check.submit')}
            </button>
          </div>
        </Form>
        {checked ? (
          <p
            role="status"
            data-testid="check-result"
            data-status={checked.status}
            className={`mt-4 rounded-lg p-3 font-semibold ring-1 ${checked.status === 'short' ? 'bg-red-50 text-red-900 ring-red-300' : checked.status === 'low' ? 'bg-amber-50 text-amber-900 ring-amber-300' : 'bg-green-50 text-green-900 ring-green-300'}`}
          >
            <span className="mr-2">
              <OutlookStatusBadge status={checked.status} />
            </span>
            {checked.status === 'short' && checked.runsOutOn
              ? t('inventory.check.resultShort', {
                  grams: grams(checked.shortfallMg),
                  date: checked.runsOutOn.localDate,
                  job: jobLabel(t, checked.runsOutOn.jobId, checked.runsOutOn.ref),
                })
              : t(checked.status === 'low' ? 'inventory.check.resultLow' : 'inventory.check.resultOk', { grams: grams(checked.projectedRemainingMg) })}
          </p>
        ) : null}
      </Card>

      <Card>
        <DataTable
          rows={groups}
          rowKey={(g) => g.key}
          rowProps={(g) => ({ className: outlookRowTone[g.status], 'data-testid': 'outlook-row', 'data-status': g.status })}
          empty={t('inventory.outlook.empty')}
          columns={[
            {
              header: t('inventory.outlook.pool'),
              className: 'align-top',
              cell: (g) => (
                <>
                  <span className="flex items-center gap-2 font-medium">
                    <Swatch hex={g.colourHex} />
                    {g.material} · {g.colour}
                  </span>
                  {g.spools.length > 0 ? (
                    <details className="mt-1">
                      <summary className="flex min-h-touch cursor-pointer items-center text-sm text-blue-800 underline">
                        {t('inventory.outlook.spools')} ({g.spools.length})
                      </summary>
                      <DataTable
                        size="sm"
                        rows={g.spools}
                        rowKey={(s) => s.id}
                        columns={[
                          {
                            header: t('inventory.batch'),
                            cell: (s) => (
                              <a href={`/inventory/spools/${s.id}`} className="text-blue-800 underline">
                                {s.batch || t('inventory.noBatch')}
                              </a>
                            ),
                          },
                          { header: t('inventory.brand'), cell: (s) => s.brand },
                          { header: t('inventory.remaining'), numeric: true, cell: (s) => grams(s.remainingMg) },
                          { header: t('inventory.estimated'), numeric: true, cell: (s) => grams(s.estimatedMg) },
                        ]}
                      />
                    </details>
                  ) : null}
                </>
              ),
            },
            { header: t('inventory.status'), className: 'align-top', cell: (g) => <OutlookStatusBadge status={g.status} /> },
            { header: t('inventory.outlook.onHand'), numeric: true, className: 'align-top', cell: (g) => grams(g.onHandMg) },
            { header: t('inventory.outlook.planned'), numeric: true, className: 'align-top', cell: (g) => grams(g.plannedUseMg) },
            { header: t('inventory.outlook.projected'), numeric: true, className: 'align-top', cell: (g) => grams(g.projectedRemainingMg) },
            {
              header: t('inventory.outlook.shortfall'),
              numeric: true,
              className: 'align-top',
              cell: (g) => (g.shortfallMg > 0 ? grams(g.shortfallMg) : t('common.none')),
            },
            {
              header: t('inventory.outlook.runsOut'),
              className: 'align-top',
              cell: (g) =>
                g.runsOutOn ? t('inventory.outlook.runsOutAt', { date: g.runsOutOn.localDate, job: jobLabel(t, g.runsOutOn.jobId, g.runsOutOn.ref) }) : t('common.none'),
            },
          ]}
        />
      </Card>
    </>
  )
}

