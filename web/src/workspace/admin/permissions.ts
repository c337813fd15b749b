// What the signed-in admin may manage, as the hub decides it, so the screens
// offer only what will be accepted (the hub checks again regardless).
import { DEPARTMENT_ADMIN_MAY_GIVE, ROLES, type Role, type User } from '../../api/admin'
import type { Department } from '../../api/types'
import { hasRole, session } from '../../session'
import { subtree } from './departmentTree'

export const isPlatformAdmin = () => hasRole('platform_admin')

// Department admins organise the units below their own department.
export function managesDepartment(d: Department, all: Department[]): boolean {
  if (isPlatformAdmin()) return true
  if (!hasRole('department_admin') || d.code === session.department || !d.parent_code) return false
  return subtree(all, session.department).has(d.parent_code)
}

// Departments a new unit may sit below, or a user may belong to.
export function ownDepartments(all: Department[]): Department[] {
  if (isPlatformAdmin()) return all
  const mine = subtree(all, session.department)
  return all.filter((d) => mine.has(d.code))
}

export function assignableRoles(): Role[] {
  return isPlatformAdmin() ? [...ROLES] : DEPARTMENT_ADMIN_MAY_GIVE
}

export function managesUser(u: User, all: Department[]): boolean {
  if (isPlatformAdmin()) return true
  if (!hasRole('department_admin')) return false
  if (u.roles.some((r) => !DEPARTMENT_ADMIN_MAY_GIVE.includes(r))) return false
  return !!u.department && subtree(all, session.department).has(u.department)
}
