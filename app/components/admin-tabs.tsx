import { NavLink } from '@remix-run/react'
import { useT } from '~/utils/i18n'

export function AdminTabs() {
  const t = useT()
  const tab = ({ isActive }: { isActive: boolean }) =>
    `flex min-h-touch items-center rounded-lg px-4 font-medium ${isActive ? 'bg-slate-900 text-white' : 'bg-white text-slate-800 ring-1 ring-slate-300'}`
  return (
    <nav className="mb-6 flex gap-2" aria-label={t('admin.title')}>
      <NavLink to="/admin/users" className={tab}>
        {t('admin.users')}
      </NavLink>
      <NavLink to="/admin/audit" className={tab}>
        {t('admin.audit')}
      </NavLink>
      <NavLink to="/admin/tokens" className={tab}>
        {t('tokens.title')}
      </NavLink>
    </nav>
  )
}
