// Shapes of the hub's JSON answers that several pages use.
export interface FieldDef {
  name: string
  title: string
  type: string
  unit: string
  description: string
  primary_key: boolean
  required: boolean
  indexed: boolean
  sensitivity: number
  personal: string
  quasi_identifier: boolean
  hierarchy: string[][]
  masks: Record<string, unknown>
  rules: Record<string, unknown>
  element: string
  entity_key: string
}

export interface DatasetAccess {
  read: boolean
  manage: boolean
  apply: boolean
  // When the caller reads: on what basis, which fields, which of them masked
  // (field -> mask method) and under which grant.
  basis?: string
  fields?: string[]
  masked?: Record<string, string>
  grant?: number
  // When the caller does not read: why.
  reason?: { code: string; message: string }
}

export interface Dataset {
  id: string
  resource_code: string
  name: string
  name_en: string
  summary: string
  department: string
  themes: string[]
  tags: string[]
  format: string
  sharing_type: string
  sharing_conditions: string
  sharing_type_label: string
  opening_type: string
  opening_type_label: string
  update_cycle: string
  publish_date: string
  licence: string
  contact_name: string
  contact_phone: string
  contact_email: string
  fields: FieldDef[]
  k_anonymity: number
  created_at: string
  updated_at: string
  data_updated_at: string
  current_version: number
  row_count: number
  metadata_revision: number
  access?: DatasetAccess
  usage?: { reads: number; downloads: number }
  [key: string]: unknown
}

export interface FacetCount {
  value: string
  count: number
}

export interface CatalogPage {
  total: number
  limit: number
  offset: number
  datasets: Dataset[]
  facets: Record<string, FacetCount[]>
}

export interface Department {
  code: string
  name: string
  name_en: string
  parent_code: string | null
  division_code: string
  [key: string]: unknown
}

export interface Theme {
  key: string
  label: string
  label_en: string
}

// One load of data into a dataset (GET /datasets/{id}/versions).
export interface DataVersion {
  dataset_id: string
  version: number
  created_at: string
  row_count: number
  mode: string
  source: string
  search_ready: boolean
  fields?: Record<string, unknown>[]
}

// One change to a dataset's catalog entry (GET /datasets/{id}/history).
export interface MetadataRevision {
  revision: number
  changed_at: string
  note: string
  metadata: Record<string, unknown> | null
}

// A version's quality report (GET /datasets/{id}/quality) and the score's
// history.
export interface QualityExample {
  row: number
  value: string
  reason: string
}

export interface QualityRuleResult {
  field: string
  rule: string
  detail: string
  checked: number
  failed: number
  pass_share: number
  examples?: QualityExample[]
  skipped?: string
}

export interface QualityFieldResult {
  field: string
  type: string
  required: boolean
  present: boolean
  filled: number
  missing: number
  share: number
}

export interface QualityKeyResult {
  fields: string[]
  checked: number
  incomplete: number
  duplicates: number
  examples?: QualityExample[]
}

export interface Timeliness {
  cycle: string
  status: 'on_time' | 'due' | 'overdue'
  last_update: string
  checked_at: string
  due_at?: string
  days_late: number
  score?: number
}

export interface ScorePart {
  name: string
  weight: number
  applies: boolean
  value: number
}

export interface QualityReport {
  dataset_id: string
  version: number
  computed_at: string
  rows: number
  today: string
  fields: QualityFieldResult[]
  absent_fields: string[]
  undeclared_columns: string[]
  rules: QualityRuleResult[]
  key?: QualityKeyResult
  timeliness?: Timeliness
  score: { value: number; parts: ScorePart[] }
}

export interface QualityHistoryEntry {
  version: number
  score: number
  computed_at: string
}
