// Applications, grants and the inbox (/api/v1/applications, /grants, /inbox):
// the shapes of src/server/workflow_routes.cc and typed calls for them.
import { api } from './client'
import type { Dataset } from './types'

export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn'
export type ApplicationKind = 'sharing' | 'opening'
export type GrantState = 'active' | 'expired' | 'revoked'

// The row filter of an application or grant: the query API's `filters`
// object, e.g. {"district": "襄城区", "capital": {"gte": 100}}.
export type RowFilter = Record<string, unknown>

export interface Application {
  id: number
  dataset_id: string
  provider_department: string
  applicant_id: string
  applicant_name: string
  applicant_department: string | null
  kind: ApplicationKind
  purpose: string
  legal_basis: string
  fields: string[]
  row_filter: RowFilter | null
  duration_days: number
  status: ApplicationStatus
  submitted_at: string
  due_date: string
  overdue: boolean
  overdue_flagged_at: string | null
  decided_at: string | null
  decided_by: string | null
  decision_reason: string | null
  grant_id: number | null
}

// A masking method and its parameter, as model::MaskSpec's JSON.
export interface MaskSpec {
  method: string
  first?: number
  last?: number
  unit?: string
  width?: number
  level?: number
  domain?: string
}

export interface Grant {
  id: number
  application_id: number
  dataset_id: string
  provider_department?: string
  grantee_user_id: string
  grantee_department: string | null
  fields: string[]
  row_filter: RowFilter | null
  daily_row_quota: number
  masks: Record<string, MaskSpec>
  purpose: string
  granted_by: string
  granted_at: string
  expires_at: string
  state: GrantState
  revoked_at: string | null
  revoked_by: string | null
  revoke_reason: string | null
  rows_left_today?: number
}

export interface Notification {
  id: number
  kind: string
  title: string
  body: string
  dataset_id: string | null
  application_id: number | null
  grant_id: number | null
  created_at: string
  read: boolean
  read_at: string | null
}

interface Paged {
  total: number
  limit: number
  offset: number
}
export interface ApplicationPage extends Paged {
  applications: Application[]
}
export interface GrantPage extends Paged {
  grants: Grant[]
}
export interface InboxPage extends Paged {
  unread_count: number
  notifications: Notification[]
}

// The longest grant the hub allows (workflow_rules.h kMaxDurationDays).
export const MAX_DURATION_DAYS = 1095
// Purpose, legal basis, reasons and notes (kMaxTextChars).
export const MAX_TEXT_CHARS = 2000

export interface NewApplication {
  dataset_id: string
  kind?: ApplicationKind
  purpose: string
  legal_basis?: string
  fields: string[]
  row_filter?: RowFilter | null
  duration_days: number
}

export interface ApplicationQuery {
  role?: 'applicant' | 'approver'
  status?: ApplicationStatus | ''
  dataset?: string
  overdue?: boolean
  limit?: number
  offset?: number
}

// Everything optional: what is left out stays as the application asked.
export interface Approval {
  fields?: string[]
  row_filter?: RowFilter | null
  duration_days?: number
  daily_row_quota?: number
  masks?: Record<string, MaskSpec>
  note?: string
}

export const submitApplication = (body: NewApplication) => api<Application>('/applications', { body })

export const listApplications = (q: ApplicationQuery) =>
  api<ApplicationPage>('/applications', { params: { ...q, overdue: q.overdue || undefined } })

export const getApplication = (id: number) => api<Application>(`/applications/${id}`)

export const approveApplication = (id: number, body: Approval) =>
  api<{ application: Application; grant: Grant }>(`/applications/${id}/approve`, { body })

export const rejectApplication = (id: number, reason: string) =>
  api<Application>(`/applications/${id}/reject`, { body: { reason } })

export const withdrawApplication = (id: number) => api<Application>(`/applications/${id}/withdraw`, { body: {} })

export const listGrants = (q: { role?: 'grantee' | 'provider'; dataset?: string; limit?: number; offset?: number }) =>
  api<GrantPage>('/grants', { params: q })

export const getGrant = (id: number) => api<Grant>(`/grants/${id}`)

export const revokeGrant = (id: number, reason: string) =>
  api<Grant>(`/grants/${id}/revoke`, { body: { reason } })

export const listInbox = (q: { unread?: boolean; limit?: number; offset?: number }) =>
  api<InboxPage>('/inbox', { params: { ...q, unread: q.unread || undefined } })

export const markNotificationRead = (id: number) => api<{ id: number; read: boolean }>(`/inbox/${id}/read`, { body: {} })

export const markAllNotificationsRead = () => api<{ marked: number }>('/inbox/read-all', { body: {} })

// Applications and grants name datasets by id only; the lists show their
// names and field titles, so each dataset is fetched once per page load.
const datasetCache = new Map<string, Promise<Dataset | null>>()

export function datasetInfo(id: string): Promise<Dataset | null> {
  let found = datasetCache.get(id)
  if (!found) {
    found = api<Dataset>(`/datasets/${encodeURIComponent(id)}`).catch(() => {
      datasetCache.delete(id) // try again next time
      return null
    })
    datasetCache.set(id, found)
  }
  return found
}

export const getDataset = (id: string) => api<Dataset>(`/datasets/${encodeURIComponent(id)}`)
