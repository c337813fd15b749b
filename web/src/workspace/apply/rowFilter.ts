// A row filter is the query API's `filters` object ({"district": "襄城区",
// "capital": {"gte": 100}, "kind": ["a", "b"]}). The editors work on a flat
// list of conditions instead; these functions convert between the two and
// describe a filter in words.
import type { FieldDef } from '../../api/types'
import type { RowFilter } from '../../api/workflow'

export const OPERATORS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'] as const
export type Operator = (typeof OPERATORS)[number]

export interface Condition {
  field: string
  op: Operator
  // As typed; converted to the field's type when the filter is built.
  text: string
}

const SYMBOL: Record<Operator, string> = { eq: '=', ne: '≠', in: '∈', gt: '>', gte: '≥', lt: '<', lte: '≤' }

function scalarText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v)
}

export function conditionsFromFilter(filter: RowFilter | null | undefined): Condition[] {
  const out: Condition[] = []
  if (!filter) return out
  for (const [field, value] of Object.entries(filter)) {
    if (Array.isArray(value)) {
      out.push({ field, op: 'in', text: value.map(scalarText).join(', ') })
    } else if (value !== null && typeof value === 'object') {
      for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
        if ((OPERATORS as readonly string[]).includes(op)) {
          const text = Array.isArray(operand) ? operand.map(scalarText).join(', ') : scalarText(operand)
          out.push({ field, op: op as Operator, text })
        }
      }
    } else {
      out.push({ field, op: 'eq', text: scalarText(value) })
    }
  }
  return out
}

function typed(text: string, field: FieldDef | undefined): unknown {
  const t = text.trim()
  const type = field?.type ?? 'text'
  if ((type === 'integer' || type === 'decimal') && t !== '' && !Number.isNaN(Number(t))) return Number(t)
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true'
  return t
}

// Conditions with no field or no value are left out; none left means all rows.
export function filterFromConditions(conditions: Condition[], fields: FieldDef[]): RowFilter | null {
  const byName = new Map(fields.map((f) => [f.name, f]))
  const filter: Record<string, Record<string, unknown>> = {}
  for (const c of conditions) {
    if (!c.field || c.text.trim() === '') continue
    const def = byName.get(c.field)
    const operand =
      c.op === 'in'
        ? c.text
            .split(/[,，、]/)
            .map((s) => s.trim())
            .filter((s) => s !== '')
            .map((s) => typed(s, def))
        : typed(c.text, def)
    filter[c.field] = { ...(filter[c.field] ?? {}), [c.op]: operand }
  }
  const names = Object.keys(filter)
  if (!names.length) return null
  // A lone equality is written the short way, as people write it.
  const out: RowFilter = {}
  for (const name of names) {
    const ops = filter[name]
    const keys = Object.keys(ops)
    out[name] = keys.length === 1 && keys[0] === 'eq' ? ops.eq : ops
  }
  return out
}

// "区县 = 襄城区；注册资本 ≥ 100", with field titles where known.
export function describeFilter(filter: RowFilter | null | undefined, fields: FieldDef[] = []): string {
  const titles = new Map(fields.map((f) => [f.name, f.title || f.name]))
  return conditionsFromFilter(filter)
    .map((c) => `${titles.get(c.field) ?? c.field} ${SYMBOL[c.op]} ${c.text}`)
    .join('；')
}
