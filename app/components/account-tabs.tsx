import { NavLink } from '@remix-run/react'
import { useT } from '~/utils/i18n'

/** The tabs of the account pages (/account/*): each a real link, at least 44 px tall. */
export function AccountTabs() {
  const t = useT()
  const tab = ({ isActive }: { isActive: boolean }) =>
    `flex min-h-touch shrink-0 items-center rounded-lg px-4 font-medium ${isActive ? 'bg-slate-900 text-white' : 'bg-white text-slate-800 ring-1 ring-slate-300'}`
  return (
    <nav className="mb-6 flex gap-2 overflow-x-auto" aria-label={t('account.title')}>
      <NavLink to="/account" end className={tab}>
        {t('account.overview')}
      </NavLink>
      <NavLink to="/account/password" className={tab}>
        {t('account.password.title')}
      </NavLink>
      <NavLink to="/account/two-factor" className={tab}>
        {t('account.twoFactor.title')}
      </NavLink>
      <NavLink to="/account/sessions" className={tab}>
        {t('account.sessions.title')}
      </NavLink>
    </nav>
  )
}
