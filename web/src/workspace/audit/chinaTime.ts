// The trace records UTC; people read it in Beijing time.
const formatter = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

// "2026-11-29T05:33:31.456251Z" → "2026-11-29 13:33:31".
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  // Date keeps milliseconds only; the microseconds are dropped first.
  const d = new Date(iso.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isNaN(d.getTime()) ? iso : formatter.format(d)
}
