// The calls the dataset page makes and the shapes of their answers, as the
// hub's handlers write them (catalog_routes.cc, query_routes.cc,
// governance_routes.cc).
import { api, type QueryParams } from '../../api/client'
import type { Dataset, DatasetAccess, Department, Theme } from '../../api/types'

export type AccessDecision = DatasetAccess
export type DatasetWithAccess = Dataset

export interface AnswerField {
  name: string
  type: string
  title?: string
  unit?: string
}

export type AnswerRecord = Record<string, unknown>

export interface QueryAnswer {
  dataset: string
  version: number
  fields: AnswerField[]
  records: AnswerRecord[]
  count: number
  total?: number
  limit: number
  offset: number
  next_cursor?: string
}

export interface DataVersion {
  dataset_id: string
  version: number
  created_at: string
  row_count: number
  mode: string
  source: string
  search_ready: boolean
}

export interface MetadataRevision {
  revision: number
  changed_at: string
  note: string
  metadata: Record<string, unknown> | null
}

export interface QualityScorePart {
  name: string
  value: number
  weight: number
  applies: boolean
}

export interface QualityFieldFill {
  field: string
  type: string
  present: boolean
  required: boolean
  filled: number
  missing: number
  share: number
}

export interface QualityRuleResult {
  field: string
  rule: string
  detail: string
  checked: number
  failed: number
  pass_share: number
}

export interface QualityReport {
  dataset_id: string
  version: number
  computed_at: string
  rows: number
  score: { value: number; parts: QualityScorePart[] }
  fields: QualityFieldFill[]
  rules: QualityRuleResult[]
  key?: { fields: string[]; checked: number; duplicates: number; incomplete: number }
  timeliness?: { status: string; cycle: string; days_late: number; last_update: string; due_at: string }
  absent_fields?: string[]
  undeclared_columns?: string[]
}

export interface QualityPoint {
  version: number
  score: number
  computed_at: string
}

const datasetPath = (id: string) => `/datasets/${encodeURIComponent(id)}`

export const fetchDataset = (id: string) => api<DatasetWithAccess>(datasetPath(id))

export const fetchDepartment = (code: string) => api<Department>(`/departments/${encodeURIComponent(code)}`)

export const fetchThemes = () => api<{ themes: Theme[] }>('/themes').then((r) => r.themes)

export const queryDataset = (id: string, params: QueryParams) =>
  api<QueryAnswer>(`${datasetPath(id)}/query`, { params })

export const fetchVersions = (id: string) =>
  api<{ versions: DataVersion[] }>(`${datasetPath(id)}/versions`).then((r) => r.versions)

export const fetchRevisions = (id: string) =>
  api<{ revisions: MetadataRevision[] }>(`${datasetPath(id)}/history`).then((r) => r.revisions)

export const fetchQuality = (id: string) => api<QualityReport>(`${datasetPath(id)}/quality`)

export const fetchQualityHistory = (id: string) =>
  api<{ history: QualityPoint[] }>(`${datasetPath(id)}/quality/history`).then((r) => r.history)
