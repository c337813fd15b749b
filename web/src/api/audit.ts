// The audit trace (/api/v1/audit/...): search, export, signed tree heads,
// proofs and abuse alerts, as src/server/audit_routes.cc answers them.
// Hashes, keys and signatures are base64.
import { api, apiUrl } from './client'

export interface AuditEvent {
  v: number
  index: number
  time: string
  category: string
  action: string
  outcome: string
  error_code: string
  user_id: string
  username: string
  department: string
  roles: string[]
  via: string
  credential_id: string
  client_address: string
  dataset_id: string
  version: number
  fields: string[]
  filter: unknown
  rows: number
  grant_id: number
  purpose: string
  target: string
  detail: unknown
}

export interface AuditEntry {
  index: number
  leaf_hash: string
  // The exact text the leaf hash covers; `entry` is it parsed.
  canonical: string
  entry: AuditEvent | null
}

export interface AuditEntryPage {
  entries: AuditEntry[]
  limit: number
  next_before: number | null
  size: number
}

export interface TreeHead {
  id: number
  tree_size: number
  timestamp: string
  timestamp_us: number
  root_hash: string
  signature: string
}

export interface LatestTreeHead extends TreeHead {
  public_key: string
  signature_algorithm: string
  signed_message: string
}

export interface InclusionProof {
  index: number
  tree_size: number
  leaf_hash: string
  audit_path: string[]
  root_hash: string
}

export interface ConsistencyProof {
  first: number
  second: number
  consistency_path: string[]
  first_root_hash: string
  second_root_hash: string
}

export interface AuditAlert {
  id: number
  kind: string
  user_id: string
  username: string
  department: string
  day: string
  distinct_subjects: number
  threshold: number
  time: string
  entry_index: number
  trigger_index: number
}

// The search conditions of GET /audit/entries (audit_query.cc). Times are
// ISO dates or date-times; without a zone they are China time.
export interface AuditFilter {
  user?: string
  department?: string
  dataset?: string
  field?: string
  action?: string
  category?: string
  outcome?: string
  since?: string
  until?: string
}

export const AUDIT_FILTER_KEYS = [
  'user',
  'department',
  'dataset',
  'field',
  'action',
  'category',
  'outcome',
  'since',
  'until',
] as const

export const searchEntries = (filter: AuditFilter, page: { limit: number; before?: number | null }) =>
  api<AuditEntryPage>('/audit/entries', { params: { ...filter, limit: page.limit, before: page.before ?? undefined } })

export const getEntry = (index: number) => api<AuditEntry>(`/audit/entries/${index}`)

// A download link for the whole search result (the export streams it).
export const exportUrl = (filter: AuditFilter, format: 'ndjson' | 'csv') =>
  apiUrl('/audit/entries', { ...filter, format })

export const latestTreeHead = () => api<LatestTreeHead>('/audit/tree-head')

export const listTreeHeads = (q: { limit?: number; before?: number }) =>
  api<{ tree_heads: TreeHead[]; public_key: string; next_before: number | null }>('/audit/tree-heads', { params: q })

// Heads are numbered from 1, so the one "before 2" is the first ever signed.
export async function earliestTreeHead(): Promise<TreeHead | null> {
  const page = await listTreeHeads({ limit: 1, before: 2 })
  return page.tree_heads[0] ?? null
}

export const inclusionProof = (index: number, size: number) =>
  api<InclusionProof>('/audit/proofs/inclusion', { params: { index, size } })

export const consistencyProof = (first: number, second: number) =>
  api<ConsistencyProof>('/audit/proofs/consistency', { params: { first, second } })

export const listAlerts = (q: { limit?: number; before?: number }) =>
  api<{ alerts: AuditAlert[]; next_before: number | null }>('/audit/alerts', { params: q })
