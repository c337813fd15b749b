// Administration: departments (catalog_routes.cc), users, API tokens and app
// keys (auth_routes.cc). The server decides who may change what; these are
// the calls and their shapes.
import { api } from './client'
import type { Department } from './types'

export const ROLES = [
  'platform_admin',
  'department_admin',
  'data_officer',
  'government_user',
  'public_user',
  'auditor',
] as const
export type Role = (typeof ROLES)[number]

// The roles a department admin may give (identity_permissions.cc).
export const DEPARTMENT_ADMIN_MAY_GIVE: Role[] = ['department_admin', 'data_officer', 'government_user']

export interface User {
  id: string
  username: string
  display_name: string
  department: string | null
  roles: Role[]
  disabled: boolean
  created_at: string
  updated_at: string
  locked_until: string | null
}

export interface NewUser {
  username: string
  display_name?: string
  department?: string
  roles: Role[]
  // Left out, the hub generates one and answers it once.
  password?: string
}

export interface UserChange {
  display_name?: string
  department?: string
  roles?: Role[]
  disabled?: boolean
}

export type TokenScope = 'read' | 'write' | 'admin'

export interface ApiToken {
  id: string
  user_id: string
  name: string
  scope: TokenScope
  created_at: string
  expires_at: string
  revoked_at: string | null
  last_used_at: string | null
}

export interface AppKey {
  id: string
  owner_id: string
  name: string
  rate_per_second: number
  burst: number
  created_at: string
  revoked_at: string | null
  last_used_at: string | null
}

export interface DepartmentInput {
  code: string
  name: string
  name_en?: string
  parent_code?: string
  division_code?: string
}

// --- departments ---

export const listDepartments = () => api<{ departments: Department[] }>('/departments').then((r) => r.departments)

export const createDepartment = (d: DepartmentInput) => api<Department>('/departments', { body: d })

export const updateDepartment = (d: DepartmentInput) =>
  api<Department>(`/departments/${encodeURIComponent(d.code)}`, { method: 'PUT', body: d })

export const deleteDepartment = (code: string) =>
  api<{ deleted: string }>(`/departments/${encodeURIComponent(code)}`, { method: 'DELETE' })

// --- users ---

export const listUsers = (q: { department?: string; role?: Role } = {}) =>
  api<{ users: User[]; total: number }>('/users', { params: { ...q } }).then((r) => r.users)

export const createUser = (u: NewUser) => api<User & { password?: string }>('/users', { body: u })

export const updateUser = (id: string, change: UserChange) =>
  api<User>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: change })

// Without a password the hub makes one up and answers it (once).
export const resetPassword = (id: string, password?: string) =>
  api<{ id: string; reset: boolean; password?: string }>(`/users/${encodeURIComponent(id)}/password`, {
    body: password ? { password } : {},
  })

// --- API tokens ---

// `all` lists everyone's (platform admins only).
export const listTokens = (all: boolean) =>
  api<{ tokens: ApiToken[] }>('/tokens', { params: { user: all ? '*' : undefined } }).then((r) => r.tokens)

export interface NewToken {
  name?: string
  scope: TokenScope
  days?: number
  user_id?: string
}

export const createToken = (t: NewToken) => api<ApiToken & { token: string }>('/tokens', { body: t })

export const revokeToken = (id: string) =>
  api<{ revoked: string }>(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' })

// --- app keys ---

export const listAppKeys = (all: boolean) =>
  api<{ app_keys: AppKey[] }>('/app-keys', { params: { owner: all ? '*' : undefined } }).then((r) => r.app_keys)

export const createAppKey = (name: string) => api<AppKey & { key: string }>('/app-keys', { body: { name } })

export const setAppKeyRate = (id: string, rate_per_second: number, burst: number) =>
  api<AppKey>(`/app-keys/${encodeURIComponent(id)}`, { method: 'PATCH', body: { rate_per_second, burst } })

export const deleteAppKey = (id: string) =>
  api<{ revoked: string }>(`/app-keys/${encodeURIComponent(id)}`, { method: 'DELETE' })
