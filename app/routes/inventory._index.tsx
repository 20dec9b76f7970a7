import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { readSpoolFilters, toModelFilters } from '~/domain/inventory/spool-filters'
import { InventoryTabs, SpoolStatusBadge, Swatch, useGrams } from '~/components/inventory/ui'
import { buttonClass } from '~/components/ui/button'
import { SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { stockOutlook } from '~/models/inventory/outlook.server'
import { spoolFacets, spoolListPage } from '~/models/inventory/spools.server'
import { requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { cachedRead, timeBucket } from '~/utils/read-cache.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'inventory:read')
  const url = new URL(request.url)
  const filters = readSpoolFilters(url.searchParams)
  const now = timeBucket(new Date(), 60_000)
  // A whole page number (past the end: the last page), so odd values do not fill the cache with copies of one page.
  const page = Math.min(100_000, Math.max(1, Math.floor(Number(url.searchParams.get('page') ?? 1)) || 1))
  const [list, facets, outlook] = await Promise.all([
    cachedRead('spool-page', JSON.stringify([filters, page]), () => spoolListPage(toModelFilters(filters), page)),
    cachedRead('spool-facets', '', () => spoolFacets()),
    cachedRead('spool-estimates', now.toISOString(), () => stockOutlook(now, { spools: 'each' })),
  ])
  const estimated = new Map(outlook.spools.map((s) => [s.spoolId, s.estimatedRemainingMg]))
  // Grouped over the whole filtered list (totals of every group and batch), one page of spool rows.
  const paged = {
    ...list,
    groups: list.groups.map((g) => ({
      ...g,
      batches: g.batches.map((b) => ({ ...b, spools: b.spools.map((s) => ({ ...s, estimatedMg: estimated.get(s.id) ?? null })) })),
    })),
  }
  const rest = new URLSearchParams(url.searchParams)
  rest.delete('page')
  return {
    ...paged,
    facets,
    filters,
    query: url.search,
    /** The filters without the page, for the pager's links. */
    filterQuery: rest.toString(),
    canWrite: can(user.role, 'inventory:write'),
  }
}

export default function InventoryPage() {
  const { groups, page, pages, total, facets, filters, query, filterQuery, canWrite } = useLoaderData<typeof loader>()
  const t = useT()
  const grams = useGrams()
  const pageLink = (n: number) => `?${new URLSearchParams([...new URLSearchParams(filterQuery), ...(n > 1 ? [['page', String(n)]] : [])]).toString()}`
  const any = (values: string[]) => [{ value: '', label: t('common.all') }, ...values.map((v) => ({ value: v, label: v }))]
  return (
    <>
      <PageHeader
        title={t('inventory.title')}
        actions={
          <>
            {canWrite ? (
              <Link to="/inventory/spools/new" className={buttonClass('primary')}>
                {t('inventory.spools.new')}
              </Link>
            ) : null}
            <Link to={`/inventory/labels${query}`} className={buttonClass('secondary')}>
              {t('inventory.printLabels')}
            </Link>
            <a href={`/inventory/export/spools${query}`} className={buttonClass('secondary')} download>
              {t('inventory.exportCsv')}
            </a>
          </>
        }
      />
      <InventoryTabs />
      <Card className="mb-4">
        <Form method="get" className="grid items-end gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <SelectField label={t('inventory.material')} name="material" defaultValue={filters.material} options={any(facets.materials)} />
          <SelectField label={t('inventory.colour')} name="colour" defaultValue={filters.colour} options={any(facets.colours)} />
          <SelectField label={t('inventory.batch')} name="batch" defaultValue={filters.batch} options={any(facets.batches)} />
          <SelectField
            label={t('inventory.status')}
            name="status"
            defaultValue={filters.status}
            options={[
              { value: '', label: t('inventory.status.notArchived') },
              { value: 'active', label: t('inventory.status.active') },
              { value: 'empty', label: t('inventory.status.empty') },
              { value: 'archived', label: t('inventory.status.archived') },
              { value: 'all', label: t('inventory.status.all') },
            ]}
          />
          <SelectField label={t('inventory.location')} name="location" defaultValue={filters.location} options={any(facets.locations)} />
          <div className="flex gap-2">
            <button type="submit" className={buttonClass('primary', 'flex-1')}>
              {t('common.filter')}
            </button>
            <Link to="/inventory" className={buttonClass('ghost')}>
              {t('common.reset')}
            </Link>
          </div>
        </Form>
      </Card>
      {groups.length === 0 ? (
        <Card>
          <p className="text-slate-700">{t('inventory.spools.empty')}</p>
        </Card>
      ) : (
        <div className="space-y-4">
          {groups.map((g) => (
            <Card key={g.key} className="overflow-x-auto">
              <h2 className="flex flex-wrap items-center gap-3 text-lg font-semibold" data-testid="spool-group">
                <Swatch hex={g.colourHex} size="lg" />
                <span>
                  {g.material} · {g.colourName}
                </span>
                <span className="text-base font-normal text-slate-600">
                  {t('inventory.spools.groupTotal', { count: g.spoolCount, grams: grams(g.remainingMg) })}
                </span>
              </h2>
              <table className="mt-3 w-full text-left">
                <thead className="text-sm text-slate-600">
                  <tr>
                    <th className="py-2 pr-3">{t('inventory.colour')}</th>
                    <th className="py-2 pr-3">{t('inventory.brand')}</th>
                    <th className="py-2 pr-3 text-right">{t('inventory.remaining')}</th>
                    <th className="py-2 pr-3 text-right">{t('inventory.estimated')}</th>
                    <th className="py-2 pr-3">{t('inventory.location')}</th>
                    <th className="py-2 pr-3">{t('inventory.receivedOn')}</th>
                    <th className="py-2 pr-3">{t('inventory.status')}</th>
                    <th className="py-2">
                      <span className="sr-only">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                {g.batches.map((b) => (
                  <tbody key={b.batch} className="divide-y divide-slate-200 border-t border-slate-300">
                    <tr className="bg-slate-50">
                      <th colSpan={8} scope="rowgroup" className="py-2 text-left text-sm font-semibold text-slate-700" data-testid="batch-subtotal">
                        {t('inventory.spools.batchSubtotal', {
                          batch: b.batch || t('inventory.noBatch'),
                          count: b.spoolCount,
                          grams: grams(b.remainingMg),
                        })}
                      </th>
                    </tr>
                    {b.spools.map((s) => (
                      <tr key={s.id} data-testid="spool-row">
                        <td className="py-1 pr-3">
                          <span className="flex items-center gap-2">
                            <Swatch hex={s.colourHex} />
                            {s.colourName}
                          </span>
                        </td>
                        <td className="pr-3">{s.brand}</td>
                        <td className="pr-3 text-right tabular-nums">{grams(s.remainingMg)}</td>
                        <td className="pr-3 text-right tabular-nums">{s.estimatedMg === null ? t('common.none') : grams(s.estimatedMg)}</td>
                        <td className="pr-3">{s.location || t('common.none')}</td>
                        <td className="pr-3">{s.receivedOn ?? t('common.none')}</td>
                        <td className="pr-3">
                          <SpoolStatusBadge status={s.status} />
                        </td>
                        <td>
                          <Link to={`/inventory/spools/${s.id}`} className={buttonClass('secondary', 'text-sm')}>
                            {t('inventory.spools.open')}
                            <span className="sr-only">
                              {' '}
                              {s.material} {s.colourName} {s.batch}
                            </span>
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                ))}
              </table>
            </Card>
          ))}
          {pages > 1 ? (
            <nav className="flex items-center justify-between gap-3" aria-label={t('inventory.spools.page', { page, pages, total })}>
              {page > 1 ? (
                <Link to={pageLink(page - 1)} className={buttonClass('secondary')} rel="prev">
                  {t('common.previous')}
                </Link>
              ) : (
                <span />
              )}
              <span className="text-sm text-slate-700">{t('inventory.spools.page', { page, pages, total })}</span>
              {page < pages ? (
                <Link to={pageLink(page + 1)} className={buttonClass('secondary')} rel="next">
                  {t('common.next')}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </div>
      )}
    </>
  )
}

