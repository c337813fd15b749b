// The workspace's calls for managing a dataset: catalog entries, uploads,
// quality and discovery reports, decisions, versions and the release check.
// Shapes follow src/server/{catalog,ingest,governance}_routes.cc.
import { api, upload, ApiError, type UploadProgress } from './client'
import type {
  CatalogPage,
  DataVersion,
  Dataset,
  Department,
  FieldDef,
  MetadataRevision,
  QualityHistoryEntry,
  QualityReport,
  Theme,
} from './types'

// ---- enumerations (the API's stable names) ----

export const SHARING_TYPES = ['unconditional', 'conditional', 'none'] as const
export const OPENING_TYPES = ['unconditional', 'conditional', 'none'] as const
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const
export const DATA_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'xlsx', 'xls', 'xml', 'api', 'other'] as const
export const COLUMN_TYPES = ['text', 'integer', 'decimal', 'boolean', 'date', 'datetime'] as const
export const SENSITIVITY_LEVELS = [1, 2, 3, 4] as const
// What `personal` may hold besides '' (undecided) and 'none' (catalog/validation.cc).
export const PERSONAL_KINDS = [
  'citizen_id',
  'mobile',
  'bank_card',
  'email',
  'person_name',
  'address',
  'licence_plate',
  'ip_address',
  'uscc_individual',
  'birth_date',
] as const
export const MASK_METHODS = ['none', 'keep', 'citizen_id', 'mobile', 'pseudonym', 'nullify', 'date', 'bucket', 'hierarchy'] as const
export const MASK_AUDIENCES = ['public', 'government'] as const
export const INGEST_MODES = ['replace', 'append', 'upsert'] as const
export const INGEST_ENCODINGS = ['auto', 'utf-8', 'gbk'] as const

export type SharingType = (typeof SHARING_TYPES)[number]
export type OpeningType = (typeof OPENING_TYPES)[number]
export type ColumnType = (typeof COLUMN_TYPES)[number]
export type MaskMethod = (typeof MASK_METHODS)[number]
export type MaskAudience = (typeof MASK_AUDIENCES)[number]
export type IngestMode = (typeof INGEST_MODES)[number]
export type IngestEncoding = (typeof INGEST_ENCODINGS)[number]

// ---- field definitions and metadata drafts ----

export interface MaskSpec {
  method: MaskMethod
  first?: number
  last?: number
  unit?: 'year' | 'month'
  width?: number
  level?: number
  domain?: string
}

export type FieldMasks = Partial<Record<MaskAudience, MaskSpec>>

// One field as the API reads and writes it (catalog_json.cc FieldFromJson),
// with its masks by audience. Keys this UI does not edit (rules, hierarchy,
// element...) are carried through unchanged, because PUT and PATCH replace
// the whole field list.
export type FieldSpec = Omit<FieldDef, 'masks'> & { masks: FieldMasks }

// The caller-editable metadata of a catalog entry.
export type DatasetMetaDraft = Pick<
  Dataset,
  | 'id'
  | 'resource_code'
  | 'name'
  | 'name_en'
  | 'summary'
  | 'department'
  | 'themes'
  | 'tags'
  | 'format'
  | 'sharing_type'
  | 'sharing_conditions'
  | 'opening_type'
  | 'update_cycle'
  | 'publish_date'
  | 'licence'
  | 'contact_name'
  | 'contact_phone'
  | 'contact_email'
  | 'k_anonymity'
>

export type DatasetDraft = DatasetMetaDraft & { fields: FieldSpec[] }

export function emptyField(): FieldSpec {
  return {
    name: '',
    title: '',
    type: 'text',
    unit: '',
    description: '',
    sensitivity: 1,
    primary_key: false,
    required: false,
    indexed: false,
    personal: '',
    quasi_identifier: false,
    masks: {},
    rules: {},
    hierarchy: [],
    element: '',
    entity_key: '',
  }
}

export function emptyDraft(department: string): DatasetDraft {
  return {
    id: '',
    resource_code: '',
    name: '',
    name_en: '',
    summary: '',
    department,
    themes: [],
    tags: [],
    format: 'csv',
    sharing_type: 'conditional',
    sharing_conditions: '',
    opening_type: 'none',
    update_cycle: 'irregular',
    publish_date: '',
    licence: '',
    contact_name: '',
    contact_phone: '',
    contact_email: '',
    k_anonymity: 0,
    fields: [],
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function maskFrom(v: unknown): MaskSpec | undefined {
  if (typeof v === 'string') return { method: v as MaskMethod }
  if (v && typeof v === 'object' && 'method' in v) return { ...(v as MaskSpec) }
  return undefined
}

export function fieldFromJson(f: Record<string, unknown>): FieldSpec {
  const masks: FieldMasks = {}
  const m = (f.masks ?? {}) as Record<string, unknown>
  for (const audience of MASK_AUDIENCES) {
    const spec = maskFrom(m[audience])
    if (spec) masks[audience] = spec
  }
  return {
    ...emptyField(),
    name: str(f.name),
    title: str(f.title),
    type: str(f.type) || 'text',
    unit: str(f.unit),
    description: str(f.description),
    sensitivity: typeof f.sensitivity === 'number' ? f.sensitivity : 1,
    primary_key: !!f.primary_key,
    required: !!f.required,
    indexed: !!f.indexed,
    personal: str(f.personal),
    quasi_identifier: !!f.quasi_identifier,
    masks,
    rules: (f.rules as Record<string, unknown>) ?? {},
    hierarchy: Array.isArray(f.hierarchy) ? (f.hierarchy as string[][]) : [],
    element: str(f.element),
    entity_key: str(f.entity_key),
  }
}

export function draftFromDataset(d: Dataset): DatasetDraft {
  return {
    id: d.id,
    resource_code: d.resource_code ?? '',
    name: d.name ?? '',
    name_en: d.name_en ?? '',
    summary: d.summary ?? '',
    department: d.department ?? '',
    themes: [...(d.themes ?? [])],
    tags: [...(d.tags ?? [])],
    format: d.format || 'csv',
    sharing_type: d.sharing_type || 'conditional',
    sharing_conditions: d.sharing_conditions ?? '',
    opening_type: d.opening_type || 'none',
    update_cycle: d.update_cycle || 'irregular',
    publish_date: d.publish_date ?? '',
    licence: d.licence ?? '',
    contact_name: d.contact_name ?? '',
    contact_phone: d.contact_phone ?? '',
    contact_email: d.contact_email ?? '',
    k_anonymity: typeof d.k_anonymity === 'number' ? d.k_anonymity : 0,
    fields: (d.fields ?? []).map((f) => fieldFromJson(f as unknown as Record<string, unknown>)),
  }
}

// The JSON the API accepts for one field: empty optional parts left out.
export function fieldToJson(f: FieldSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: f.name.trim(),
    title: f.title.trim(),
    type: f.type,
    unit: f.unit,
    description: f.description,
    sensitivity: f.sensitivity,
    primary_key: f.primary_key,
    required: f.required,
    indexed: f.indexed,
    personal: f.personal,
    quasi_identifier: f.quasi_identifier,
  }
  const masks: Record<string, MaskSpec> = {}
  for (const audience of MASK_AUDIENCES) {
    const m = f.masks[audience]
    if (m) masks[audience] = maskToJson(m)
  }
  if (Object.keys(masks).length) out.masks = masks
  if (Object.keys(f.rules).length) out.rules = f.rules
  if (f.hierarchy.length) out.hierarchy = f.hierarchy
  if (f.element) out.element = f.element
  if (f.entity_key) out.entity_key = f.entity_key
  return out
}

// Only the parameters the method uses (the API refuses e.g. a unit of '').
export function maskToJson(m: MaskSpec): MaskSpec {
  switch (m.method) {
    case 'keep':
      return { method: 'keep', first: m.first ?? 0, last: m.last ?? 0 }
    case 'date':
      return { method: 'date', unit: m.unit ?? 'year' }
    case 'bucket':
      return { method: 'bucket', width: m.width ?? 10 }
    case 'hierarchy':
      return { method: 'hierarchy', level: m.level ?? 1 }
    case 'pseudonym':
      return m.domain ? { method: 'pseudonym', domain: m.domain } : { method: 'pseudonym' }
    default:
      return { method: m.method }
  }
}

export function metaToJson(d: DatasetMetaDraft): Record<string, unknown> {
  return {
    id: d.id.trim(),
    resource_code: d.resource_code.trim(),
    name: d.name.trim(),
    name_en: d.name_en.trim(),
    summary: d.summary,
    department: d.department,
    themes: d.themes,
    tags: d.tags.map((t) => t.trim()).filter(Boolean),
    format: d.format,
    sharing_type: d.sharing_type,
    sharing_conditions: d.sharing_conditions.trim(),
    opening_type: d.opening_type,
    update_cycle: d.update_cycle,
    publish_date: d.publish_date,
    licence: d.licence.trim(),
    contact_name: d.contact_name.trim(),
    contact_phone: d.contact_phone.trim(),
    contact_email: d.contact_email.trim(),
    k_anonymity: d.k_anonymity,
  }
}

export function draftToJson(d: DatasetDraft): Record<string, unknown> {
  return { ...metaToJson(d), fields: d.fields.map(fieldToJson) }
}

// ---- catalog ----

export interface DatasetSearch {
  q?: string
  department?: string
  sort?: string
  limit?: number
  offset?: number
}

export const searchDatasets = (s: DatasetSearch) => api<CatalogPage>('/datasets', { params: { ...s } })
export const getDataset = (id: string) => api<Dataset>(`/datasets/${encodeURIComponent(id)}`)
export const createDataset = (d: DatasetDraft) => api<Dataset>('/datasets', { method: 'POST', body: draftToJson(d) })
export const patchDataset = (id: string, patch: Record<string, unknown>, note?: string) =>
  api<Dataset>(`/datasets/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch, params: { note } })
export const listThemes = () => api<{ themes: Theme[] }>('/themes').then((r) => r.themes)
export const listDepartments = () => api<{ departments: Department[] }>('/departments').then((r) => r.departments)

// ---- versions ----

export const listRevisions = (id: string) =>
  api<{ dataset: string; revisions: MetadataRevision[] }>(`/datasets/${encodeURIComponent(id)}/history`).then(
    (r) => r.revisions,
  )

export const listVersions = (id: string) =>
  api<{ dataset: string; versions: DataVersion[] }>(`/datasets/${encodeURIComponent(id)}/versions`).then((r) => r.versions)

// ---- ingest ----

export interface IngestOptions {
  mode: IngestMode
  encoding: IngestEncoding
  maxBadRows: number
  keyFields: string[] // upsert: match rows by these instead of the primary key
  inferSchema: boolean
}

export interface BadRow {
  line: number
  code: string
  message: string
}

export interface IngestReport {
  rows_read: number
  rows_written: number
  rows_rejected: number
  bad_rows: BadRow[]
  format: string
  encoding: string
  delimiter?: string
  seconds: number
  version?: DataVersion
  reports?: { quality: string; discovery: string }
}

export function ingestFile(id: string, file: File, o: IngestOptions, onProgress: (p: UploadProgress) => void) {
  return upload<IngestReport>(
    `/datasets/${encodeURIComponent(id)}/ingest`,
    file,
    {
      mode: o.mode,
      encoding: o.encoding === 'auto' ? undefined : o.encoding,
      max_bad_rows: o.maxBadRows,
      key: o.mode === 'upsert' ? o.keyFields : undefined,
      infer_schema: o.inferSchema ? 'true' : undefined,
      filename: file.name,
    },
    onProgress,
  )
}

// A refused upload (ingest.rejected) carries its report in error.ingest.
export function ingestReportOf(e: unknown): IngestReport | null {
  if (!(e instanceof ApiError)) return null
  const details = e.details as { ingest?: IngestReport } | undefined
  return details?.ingest ?? null
}

// ---- quality ----

const quality = (id: string) => `/datasets/${encodeURIComponent(id)}/quality`
export const getQuality = (id: string, version?: number) => api<QualityReport>(quality(id), { params: { version } })
export const recomputeQuality = (id: string, version?: number) =>
  api<QualityReport>(quality(id), { method: 'POST', params: { version } })
export const getQualityHistory = (id: string) =>
  api<{ dataset_id: string; history: QualityHistoryEntry[] }>(`${quality(id)}/history`).then((r) => r.history)

// ---- personal-data discovery ----

export interface DiscoveryKindStats {
  kind: string
  whole: number
  whole_share: number
  contained: number
  contained_share: number
}

export interface DiscoveryFinding {
  name: string
  title: string
  values: number
  empty_values: number
  hinted: string[]
  kinds: DiscoveryKindStats[]
  detected: string[]
  dominant: string | null
  confidence: number
  proposed_sensitivity: number | null
  examples: string[]
  declared?: { personal: string; sensitivity: number }
}

export interface DiscoveryReport {
  dataset_id: string
  version: number
  computed_at: string
  rows_scanned: number
  bytes_scanned: number
  elapsed_ms: number
  row_limit_reached: boolean
  personal_fields: number
  fields: DiscoveryFinding[]
}

export type DiscoveryDecision = 'accept' | 'reject' | { personal?: string; sensitivity?: number }

export interface DecisionResult {
  dataset_id: string
  applied: Record<string, { personal: string; sensitivity: number }>
  metadata_revision: number
}

const discovery = (id: string) => `/datasets/${encodeURIComponent(id)}/discovery`
export const getDiscovery = (id: string) => api<DiscoveryReport>(discovery(id))
export const rescanDiscovery = (id: string) => api<DiscoveryReport>(discovery(id), { method: 'POST' })
export const postDiscoveryDecisions = (id: string, fields: Record<string, DiscoveryDecision>) =>
  api<DecisionResult>(`${discovery(id)}/decisions`, { method: 'POST', body: { fields } })

// ---- release check (开放前审查) ----

export interface ReleaseGroup {
  values: Record<string, string>
  count: number
}

export interface ReleaseProblem {
  kind: 'personal_data' | 'k_anonymity'
  message: string
  field?: string
  personal?: string
  fields?: string[]
  k?: number
  groups?: number
  groups_below_k?: number
  rows_in_groups_below_k?: number
  smallest_groups?: ReleaseGroup[]
}

export interface ReleaseCheck {
  dataset_id: string
  version: number
  k: number
  quasi_identifiers: string[]
  passed: boolean
  problems: ReleaseProblem[]
}

export const getReleaseCheck = (id: string) => api<ReleaseCheck>(`/datasets/${encodeURIComponent(id)}/release-check`)

// A 409 refusal to open names its problems only in the message
// (governance/release_rules.cc ReleaseRefusal); these are read back out.
export interface ReleaseRefusal {
  code: string
  message: string
  personalFields: string[]
  quasiIdentifiers: string[]
  smallestGroups: string[]
}

export function releaseRefusalOf(e: unknown): ReleaseRefusal | null {
  if (!(e instanceof ApiError) || !e.code.startsWith('release.')) return null
  const text = e.message
  const personalFields = [...text.matchAll(/field '([^']+)'/g)].map((m) => m[1])
  const qi = /quasi-identifiers \(([^)]*)\)/.exec(text)
  const groups = /smallest groups: ([^;]*)/.exec(text)
  return {
    code: e.code,
    message: text,
    personalFields: [...new Set(personalFields)],
    quasiIdentifiers: qi ? qi[1].split(', ').filter(Boolean) : [],
    smallestGroups: groups ? groups[1].split(' | ').map((g) => g.trim()).filter(Boolean) : [],
  }
}
