// Which charts suit a dataset, decided from its field types and, for text
// fields, from how many distinct values they hold (asked of the hub with
// group_by, which the caller may use on unmasked fields only).
import type { Dataset, FieldDef } from '../../api/types'
import { queryDataset } from './datasetApi'
import { isNumericType, isTimeType, usableFields } from './fieldAccess'

export interface ValueCount {
  value: unknown
  count: number
}

export interface TextFieldProbe {
  field: FieldDef
  groups: number // distinct values, null included
  values: ValueCount[] // the most frequent first, at most PROBE_LIMIT
}

const PROBE_LIMIT = 200
const MAX_PROBED_FIELDS = 8
// "2024", "2024-03", "2024-03-01": text periods (统计月份) that work as a time axis.
const PERIOD = /^\d{4}(-\d{2}){0,2}$/

export function chartsMayHelp(dataset: Dataset): boolean {
  if (!dataset.access?.read || dataset.current_version <= 0) return false
  const fields = usableFields(dataset)
  const hasText = fields.some((f) => f.type === 'text')
  const hasSeries = fields.some((f) => isTimeType(f.type) && marksReadings(dataset, f)) && fields.some((f) => isNumericType(f.type))
  return hasText || hasSeries
}

export async function probeTextFields(dataset: Dataset): Promise<TextFieldProbe[]> {
  const texts = usableFields(dataset)
    .filter((f) => f.type === 'text')
    .slice(0, MAX_PROBED_FIELDS)
  const probes = await Promise.all(
    texts.map(async (field) => {
      try {
        const answer = await queryDataset(dataset.id, {
          group_by: field.name,
          agg: 'count',
          sort: '-count',
          limit: PROBE_LIMIT,
          total: true,
        })
        const values = answer.records.map((r) => ({ value: r[field.name], count: Number(r.count) }))
        return { field, groups: answer.total ?? values.length, values }
      } catch {
        return null // a field the hub will not group by is simply not charted
      }
    }),
  )
  return probes.filter((p): p is TextFieldProbe => p !== null)
}

export function looksLikePeriod(probe: TextFieldProbe): boolean {
  const present = probe.values.filter((v) => v.value !== null && v.value !== '')
  return probe.groups >= 2 && present.length > 0 && present.every((v) => PERIOD.test(String(v.value)))
}

// A field worth counting by: a handful of values, each repeated.
export function isCategory(probe: TextFieldProbe): boolean {
  return probe.groups >= 2 && probe.groups <= PROBE_LIMIT && (probe.values[0]?.count ?? 0) >= 2 && !looksLikePeriod(probe)
}

// The field that splits readings into series: what, besides the time, keys
// a reading (a station, a product), the finest such up to 100 values. A
// descriptive field with as many values is taken to name it (a station's
// name for its code). Attributes (the weather) never split by default.
export function preferredSplit(categories: TextFieldProbe[]): TextFieldProbe | null {
  const keys = categories.filter((p) => p.field.primary_key && p.groups <= 100)
  if (!keys.length) return null
  const key = keys.reduce((best, p) => (p.groups > best.groups ? p : best))
  return categories.find((p) => !p.field.primary_key && p.groups === key.groups) ?? key
}

// A time that identifies a record (part of its key) makes the rows readings
// over time; a date that merely describes it (a founding date) does not.
function marksReadings(dataset: Dataset, field: FieldDef): boolean {
  return field.primary_key || !dataset.fields.some((f) => f.primary_key)
}

export function timeFields(dataset: Dataset, probes: TextFieldProbe[]): FieldDef[] {
  const typed = usableFields(dataset).filter((f) => isTimeType(f.type))
  return [...typed, ...probes.filter(looksLikePeriod).map((p) => p.field)].filter((f) => marksReadings(dataset, f))
}

export function measureFields(dataset: Dataset): FieldDef[] {
  const numeric = usableFields(dataset).filter((f) => isNumericType(f.type))
  // Measured values (decimals) before counts and codes (integers).
  return [...numeric.filter((f) => f.type === 'decimal'), ...numeric.filter((f) => f.type !== 'decimal')]
}
