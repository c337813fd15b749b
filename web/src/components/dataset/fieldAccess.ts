// Which of a dataset's fields the caller reads, and which of those the hub
// masks for them. The server decides; this only explains it on screen.
import type { Dataset, FieldDef } from '../../api/types'

export function readableFields(dataset: Dataset): FieldDef[] {
  const allowed = dataset.access?.read ? new Set(dataset.access.fields ?? []) : new Set<string>()
  return dataset.fields.filter((f) => allowed.has(f.name))
}

// Fields the caller reads only masked, as the hub decided for this caller
// (audience masks and a grant's own masks alike).
export function maskedFieldNames(dataset: Dataset): Set<string> {
  const access = dataset.access
  if (!access?.read) return new Set()
  return new Set(Object.keys(access.masked ?? {}))
}

// Fields the caller may filter, sort, group and aggregate on.
export function usableFields(dataset: Dataset): FieldDef[] {
  const masked = maskedFieldNames(dataset)
  return readableFields(dataset).filter((f) => !masked.has(f.name))
}

export const isNumericType = (type: string) => type === 'integer' || type === 'decimal'
export const isTimeType = (type: string) => type === 'date' || type === 'datetime'

// "细颗粒物（PM2.5） (μg/m³)": a column's title with its unit.
export function fieldLabel(f: { name: string; title?: string; unit?: string }): string {
  const title = f.title || f.name
  return f.unit ? `${title} (${f.unit})` : title
}
