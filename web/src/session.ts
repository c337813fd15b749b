// Who is signed in, as the hub says (/auth/me). Pages read `session` to decide
// what to show; the server enforces every permission regardless.
import { reactive } from 'vue'
import { api } from './api/client'

export interface SessionState {
  loaded: boolean
  authenticated: boolean
  userId: string | null
  username: string | null
  displayName: string | null
  department: string | null
  roles: string[]
  csrf: string | null
}

export const session = reactive<SessionState>({
  loaded: false,
  authenticated: false,
  userId: null,
  username: null,
  displayName: null,
  department: null,
  roles: [],
  csrf: null,
})

function apply(me: any) {
  session.authenticated = !!me?.authenticated
  session.userId = me?.user_id ?? me?.id ?? null
  session.username = me?.username ?? null
  session.displayName = me?.display_name ?? null
  session.department = me?.department ?? null
  session.roles = me?.roles ?? []
  session.csrf = me?.csrf_token ?? session.csrf
  session.loaded = true
}

export async function loadSession(): Promise<void> {
  const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  apply(res.ok ? await res.json() : {})
}

export async function login(username: string, password: string): Promise<void> {
  const body = await api<{ csrf_token?: string }>('/auth/login', { body: { username, password } })
  session.csrf = body.csrf_token ?? null
  await loadSession()
}

export async function logout(): Promise<void> {
  await fetch('/api/v1/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: session.csrf ? { 'X-CSRF-Token': session.csrf } : {},
  })
  session.csrf = null
  apply({})
}

export function hasRole(...roles: string[]): boolean {
  return session.roles.some((r) => roles.includes(r))
}

// Roles that work inside a department's workspace.
export const isGovernment = () =>
  hasRole('platform_admin', 'department_admin', 'data_officer', 'government_user', 'auditor')
export const isAdmin = () => hasRole('platform_admin', 'department_admin')
export const isAuditor = () => hasRole('auditor', 'platform_admin')
export const canManageData = () => hasRole('platform_admin', 'department_admin', 'data_officer')
