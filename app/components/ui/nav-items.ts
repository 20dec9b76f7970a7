import type { MessageKey } from '~/i18n'
import type { Permission } from '~/utils/permissions'

/** The main menu: where each item goes, its label and who sees it (the e2e navigation check reads the same list). */
export const navItems: ReadonlyArray<{ to: string; label: MessageKey; permission: Permission }> = [
  { to: '/', label: 'nav.dashboard', permission: 'dashboard:read' },
  { to: '/orders', label: 'nav.orders', permission: 'orders:read' },
  { to: '/schedule', label: 'nav.schedule', permission: 'schedule:read' },
  { to: '/inventory', label: 'nav.inventory', permission: 'inventory:read' },
  { to: '/printers', label: 'nav.printers', permission: 'printers:read' },
  { to: '/statistics', label: 'nav.statistics', permission: 'statistics:read' },
  { to: '/vibration', label: 'nav.vibration', permission: 'vibration:read' },
  { to: '/admin/users', label: 'nav.admin', permission: 'admin:users' },
]
