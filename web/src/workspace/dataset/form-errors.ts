// Which form input an API validation error is about, so it can be shown
// beside that input (messages from catalog/validation.cc and catalog_json.cc).
import { ApiError } from '../../api/client'

const MESSAGE_PREFIXES: [RegExp, string][] = [
  [/^id must/, 'id'],
  [/^name /, 'name'],
  [/^department /, 'department'],
  [/^summary /, 'summary'],
  [/^publish_date /, 'publish_date'],
  [/tags/, 'tags'],
  [/^format /, 'format'],
  [/sharing_conditions/, 'sharing_conditions'],
]

export function formKeyOfError(e: unknown): string | null {
  if (!(e instanceof ApiError)) return null
  switch (e.code) {
    case 'catalog.unknown_theme':
      return 'themes'
    case 'catalog.unknown_department':
      return 'department'
    case 'catalog.dataset_exists':
    case 'catalog.id_mismatch':
      return 'id'
    case 'catalog.invalid_field_name':
    case 'catalog.duplicate_field':
    case 'catalog.invalid_field_type':
    case 'quality.invalid_rule':
    case 'privacy.invalid_mask':
      return 'fields'
    case 'catalog.invalid_field': {
      if (/^field '/.test(e.message) || /^'(sensitivity|entity_key|masks|rules|hierarchy)'/.test(e.message)) return 'fields'
      const quoted = /^'([a-z_]+)' /.exec(e.message) // BadField: "'key' must be ..."
      if (quoted) return quoted[1]
      for (const [pattern, key] of MESSAGE_PREFIXES) if (pattern.test(e.message)) return key
      return null
    }
    default:
      return null
  }
}
