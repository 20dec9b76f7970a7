import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Photo } from '~/components/orders/photo'
import { DueDateBadge, OrderProgressBar, OrderStatusBadge } from '~/components/orders/progress'
import { boardFilter, boardQuery, ORDER_SORT_VALUES, ORDER_STATUS_VALUES, SEARCH_MAX_LENGTH, type BoardQuery } from '~/components/orders/schemas'
import { Button, buttonClass } from '~/components/ui/button'
import { Field, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable, type Column } from '~/components/ui/table'
import { localDate } from '~/domain/time/zoned'
import { listOrders } from '~/models/orders.server'
import { listProducts } from '~/models/products.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { cachedRead } from '~/utils/read-cache.server'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'orders:read')
  const query = boardQuery(new URL(request.url).searchParams)
  const today = localDate(new Date(), env().SHOP_TIME_ZONE)
  const [board, products] = await Promise.all([
    cachedRead('orders', `${today}|${JSON.stringify(query)}`, () => listOrders(boardFilter(query), { sort: query.sort, page: query.page, today })),
    cachedRead('products', '', () => listProducts()),
  ])
  return {
    query,
    // Only what the table shows (the full order views carried timestamps, versions, the product's filament… a third of
    // the document at 50 rows).
    board: {
      ...board,
      rows: board.rows.map((o) => ({
        id: o.id,
        reference: o.reference,
        customer: o.customer,
        priority: o.priority,
        product: { name: o.product.name, photoId: o.product.photoId },
        targetQuantity: o.targetQuantity,
        stockOnHand: o.stockOnHand,
        producedGood: o.producedGood,
        remaining: o.remaining,
        surplus: o.surplus,
        progressPercent: o.progressPercent,
        dueDate: o.dueDate,
        due: o.due,
        status: o.status,
      })),
    },
    products: products.map((p) => ({ id: p.id, name: p.name })),
    canWrite: can(user.role, 'orders:write'),
  }
}

/** The current filters as a query string, with some keys replaced (pagination and export links). */
function searchWith(query: BoardQuery, patch: Record<string, string | number>) {
  const p = new URLSearchParams()
  const values: Record<string, string> = {
    q: query.q,
    status: query.status,
    product: query.productId,
    from: query.dueFrom,
    to: query.dueTo,
    sort: query.sort === 'due' ? '' : query.sort,
    page: query.page > 1 ? String(query.page) : '',
  }
  for (const [k, v] of Object.entries({ ...values, ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, String(v)])) })) if (v) p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}

export default function OrderBoard() {
  const { query, board, products, canWrite } = useLoaderData<typeof loader>()
  const t = useT()
  const columns = useBoardColumns()
  return (
    <>
      <PageHeader
        title={t('orders.title')}
        actions={
          <>
            <Link to="/products" className={buttonClass('secondary')}>
              {t('orders.products')}
            </Link>
            <a href={`/orders/export.csv${searchWith(query, { page: '' })}`} className={buttonClass('secondary')} download>
              {t('orders.exportCsv')}
            </a>
            {canWrite ? (
              <Link to="/orders/new" className={buttonClass('primary')}>
                {t('orders.new')}
              </Link>
            ) : null}
          </>
        }
      />
      <Card className="mb-4">
        <Form method="get" className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-6">
          <div className="lg:col-span-2">
            <Field label={t('orders.filter.search')} name="q" type="search" placeholder={t('orders.filter.searchHint')} defaultValue={query.q} maxLength={SEARCH_MAX_LENGTH} />
          </div>
          <SelectField
            label={t('orders.field.status')}
            name="status"
            defaultValue={query.status}
            options={[
              { value: '', label: t('common.all') },
              ...ORDER_STATUS_VALUES.map((s) => ({ value: s, label: t(`orders.status.${s}`) })),
            ]}
          />
          <SelectField
            label={t('orders.filter.product')}
            name="product"
            defaultValue={query.productId}
            options={[{ value: '', label: t('common.all') }, ...products.map((p) => ({ value: p.id, label: p.name }))]}
          />
          <Field label={t('orders.filter.dueFrom')} name="from" type="date" defaultValue={query.dueFrom} />
          <Field label={t('orders.filter.dueTo')} name="to" type="date" defaultValue={query.dueTo} />
          <SelectField
            label={t('orders.filter.sort')}
            name="sort"
            defaultValue={query.sort}
            options={ORDER_SORT_VALUES.map((s) => ({ value: s, label: t(`orders.sort.${s}`) }))}
          />
          <div className="flex gap-2">
            <Button type="submit" variant="secondary">
              {t('common.filter')}
            </Button>
            <Link to="/orders" className={buttonClass('ghost')}>
              {t('common.reset')}
            </Link>
          </div>
        </Form>
      </Card>
      <Card>
        <DataTable
          columns={columns}
          rows={board.rows}
          rowKey={(o) => o.id}
          rowProps={(o) => ({ 'data-testid': `order-row-${o.reference}` })}
          empty={t('orders.empty')}
        />
        <nav className="mt-4 flex items-center justify-between gap-3" aria-label={t('orders.page', { page: board.page, pages: board.pages, total: board.total })}>
          {board.page > 1 ? (
            <Link to={searchWith(query, { page: board.page - 1 }) || '?'} className={buttonClass('secondary')}>
              {t('common.previous')}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm text-slate-700">{t('orders.page', { page: board.page, pages: board.pages, total: board.total })}</span>
          {board.page < board.pages ? (
            <Link to={searchWith(query, { page: board.page + 1 })} className={buttonClass('secondary')}>
              {t('common.next')}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      </Card>
    </>
  )
}

type BoardRow = ReturnType<typeof useLoaderData<typeof loader>>['board']['rows'][number]

function useBoardColumns(): Column<BoardRow>[] {
  const t = useT()
  return [
    {
      header: t('orders.field.reference'),
      cell: (o) => (
        <>
          <Link to={`/orders/${o.id}`} className="link-row">
            {o.reference}
          </Link>
          {o.customer ? <div className="text-sm text-slate-600">{o.customer}</div> : null}
          {o.priority >= 2 ? <div className="text-sm font-semibold text-red-800">{t(`orders.priority.${o.priority as 2 | 3}`)}</div> : null}
        </>
      ),
    },
    {
      header: t('orders.field.product'),
      cell: (o) => (
        <div className="flex items-center gap-2">
          <Photo id={o.product.photoId} alt={t('products.photoAlt', { name: o.product.name })} className="h-10 w-10 shrink-0" />
          <span>{o.product.name}</span>
        </div>
      ),
    },
    { header: t('orders.field.targetQuantity'), numeric: true, cell: (o) => o.targetQuantity },
    { header: t('orders.field.stockOnHand'), numeric: true, cell: (o) => o.stockOnHand },
    { header: t('orders.produced'), numeric: true, cell: (o) => o.producedGood },
    { header: t('orders.remaining'), numeric: true, className: 'font-semibold', cell: (o) => o.remaining },
    { header: t('orders.progress'), wide: true, cell: (o) => <OrderProgressBar {...o} /> },
    {
      header: t('orders.field.dueDate'),
      cell: (o) => (
        <>
          <div className="whitespace-nowrap">{o.dueDate ?? t('common.none')}</div>
          <DueDateBadge due={o.due} />
        </>
      ),
    },
    { header: t('orders.field.status'), nowrap: true, cell: (o) => <OrderStatusBadge status={o.status} /> },
  ]
}
