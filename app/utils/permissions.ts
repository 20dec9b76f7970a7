/**
 * Who may do what. Shared by the server (enforcement, in requireUser) and the UI (hiding what a role cannot do).
 * viewer: read only · operator: record output, weigh spools, log maintenance, upload vibration data ·
 * planner: orders, schedule, inventory, printers · admin: everything, users and settings.
 */
export const roles = ['admin', 'planner', 'operator', 'viewer'] as const
export type Role = (typeof roles)[number]

export const permissions = [
  'dashboard:read',
  'orders:read',
  'orders:write',
  'schedule:read',
  'schedule:plan',
  'production:record',
  'inventory:read',
  'inventory:write',
  'inventory:weigh',
  'printers:read',
  'printers:write',
  'maintenance:log',
  'statistics:read',
  'vibration:read',
  'vibration:upload',
  'vibration:manage',
  'admin:users',
  'admin:audit',
  'admin:tokens',
  'admin:settings',
] as const
export type Permission = (typeof permissions)[number]

const read: Permission[] = [
  'dashboard:read',
  'orders:read',
  'schedule:read',
  'inventory:read',
  'printers:read',
  'statistics:read',
  'vibration:read',
]
const operate: Permission[] = [...read, 'production:record', 'inventory:weigh', 'maintenance:log', 'vibration:upload']
const plan: Permission[] = [
  ...operate,
  'orders:write',
  'schedule:plan',
  'inventory:write',
  'printers:write',
  'vibration:manage',
]

const grants: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(read),
  operator: new Set(operate),
  planner: new Set(plan),
  admin: new Set(permissions),
}

export function can(role: Role | undefined | null, permission: Permission): boolean {
  return !!role && grants[role].has(permission)
}

