import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useT } from '~/utils/i18n'
import { buttonClass } from './ui/button'

/**
 * The one error page. It names the kind of failure (not found, forbidden, bad request) and never shows a stack trace or
 * SQL: in production Remix already replaces server error messages, and this page prints none of them anyway.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  let title = t('error.title')
  let body = t('error.body')
  let status = 500
  if (isRouteErrorResponse(error)) {
    status = error.status
    if (error.status === 404) {
      title = t('error.notFound')
      body = t('error.notFoundBody')
    } else if (error.status === 403) {
      title = t('error.forbidden')
      body = t('error.forbiddenBody')
    } else if (error.status === 400) {
      title = t('error.badRequest')
    } else if (error.status === 429) {
      title = t('error.tooMany')
    }
  }
  return (
    <div className="mx-auto max-w-xl rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" role="alert" data-status={status}>
      <p className="text-sm font-semibold text-slate-500">{status}</p>
      <h1 className="mt-1 text-2xl font-bold text-slate-900">{title}</h1>
      <p className="mt-2 text-slate-700">{body}</p>
      <Link to="/" className={buttonClass('secondary', 'mt-4')}>
        {t('error.back')}
      </Link>
    </div>
  )
}
