import type { LoaderFunctionArgs } from '@remix-run/node'
import { boardFilter, boardQuery } from '~/components/orders/schemas'
import { localDate } from '~/domain/time/zoned'
import { exportOrders, type OrderView } from '~/models/orders.server'
import { requireUser } from '~/utils/auth.server'
import { csvResponse, toCsv, type CsvColumn } from '~/utils/csv.server'
import { env } from '~/utils/env.server'
import { getTranslator } from '~/utils/i18n.server'

/** /orders/export.csv — the board's filters and sort, every matching order (no paging), with the derived figures. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'orders:read')
  const query = boardQuery(new URL(request.url).searchParams)
  const today = localDate(new Date(), env().SHOP_TIME_ZONE)
  const { t } = await getTranslator(request)
  const rows = await exportOrders(boardFilter(query), query.sort, today)
  const columns: CsvColumn<OrderView>[] = [
    { header: t('orders.csv.reference'), value: (o) => o.reference },
    { header: t('orders.csv.customer'), value: (o) => o.customer },
    { header: t('orders.csv.product'), value: (o) => o.product.name },
    { header: t('orders.csv.status'), value: (o) => t(`orders.status.${o.status}`) },
    { header: t('orders.csv.target'), value: (o) => o.targetQuantity },
    { header: t('orders.csv.stock'), value: (o) => o.stockOnHand },
    { header: t('orders.csv.produced'), value: (o) => o.producedGood },
    { header: t('orders.csv.remaining'), value: (o) => o.remaining },
    { header: t('orders.csv.surplus'), value: (o) => o.surplus },
    { header: t('orders.csv.progress'), value: (o) => o.progressPercent },
    { header: t('orders.csv.due'), value: (o) => o.dueDate },
    { header: t('orders.csv.priority'), value: (o) => t(`orders.priority.${o.priority as 0 | 1 | 2 | 3}`) },
    { header: t('orders.csv.created'), value: (o) => o.createdAt },
  ]
  return csvResponse(`orders-${today}.csv`, toCsv(columns, rows))
}
