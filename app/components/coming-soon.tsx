import type { MessageKey } from '~/i18n'
import { useT } from '~/utils/i18n'
import { Card, PageHeader } from './ui/layout'

/** Placeholder page for a module whose issue has not landed yet. */
export function ComingSoon({ module }: { module: MessageKey }) {
  const t = useT()
  return (
    <>
      <PageHeader title={t(module)} />
      <Card>
        <h2 className="text-lg font-semibold text-slate-900">{t('common.comingSoon')}</h2>
        <p className="mt-2 text-slate-700">{t('common.comingSoonBody', { module: t(module) })}</p>
      </Card>
    </>
  )
}
