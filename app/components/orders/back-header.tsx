import { Link } from '@remix-run/react'
import { useT } from '~/utils/i18n'
import { buttonClass } from '../ui/button'
import { PageHeader } from '../ui/layout'

/** A form page's title with the way back to the order board or the product list. */
export function BackHeader({ title, back }: { title: string; back: 'orders' | 'products' }) {
  const t = useT()
  return (
    <PageHeader
      title={title}
      actions={
        <Link to={`/${back}`} className={buttonClass('ghost')}>
          {t(back === 'orders' ? 'orders.backToBoard' : 'products.backToList')}
        </Link>
      }
    />
  )
}
