// The calls the dataset page makes and the shapes of their answers, as the
// hub's handlers write them (catalog_routes.cc, query_routes.cc,
// governance_routes.cc).
import { api, type QueryParams } from '../../api/client'
import type {
  DataVersion,
  Dataset,
  Department,
  MetadataRevision,
  QualityHistoryEntry,
  QualityReport,
  Theme,
} from '../../api/types'


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

const datasetPath = (id: string) => `/datasets/${encodeURIComponent(id)}`

export const fetchDataset = (id: string) => api<Dataset>(datasetPath(id))

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
  api<{ history: QualityHistoryEntry[] }>(`${datasetPath(id)}/quality/history`).then((r) => r.history)
