// The checks of the log's integrity the browser makes: both the latest and
// the first signed tree heads carry valid signatures under the trusted key,
// and the hub's consistency proof shows the first tree is a prefix of the
// latest — so nothing recorded then has been changed or removed since.
import {
  consistencyProof,
  earliestTreeHead,
  latestTreeHead,
  type LatestTreeHead,
  type TreeHead,
} from '../../api/audit'
import { cryptoAvailable, fromBase64, verifyConsistency, verifyTreeHead } from './merkle'

// The public key the auditor trusts, kept in this browser; empty means the
// server's own (which shows only that the signatures are self-consistent).
const KEY_STORAGE = 'yungu.audit.trustedKey'
export const storedTrustedKey = () => localStorage.getItem(KEY_STORAGE) ?? ''
export function storeTrustedKey(key: string) {
  if (key) localStorage.setItem(KEY_STORAGE, key)
  else localStorage.removeItem(KEY_STORAGE)
}

export type CheckName = 'latestSignature' | 'earliestSignature' | 'consistency'
// ok: true passed, false failed, null could not be checked here.
export interface CheckResult {
  name: CheckName
  ok: boolean | null
  detail?: string
}

export interface LogCheck {
  latest: LatestTreeHead
  earliest: TreeHead | null
  keyUsed: string
  checks: CheckResult[]
}

export async function checkLog(trustedKey: string | null): Promise<LogCheck> {
  const [latest, earliest] = await Promise.all([latestTreeHead(), earliestTreeHead()])
  const keyUsed = trustedKey || latest.public_key
  if (!cryptoAvailable()) {
    const unknown = (name: CheckName): CheckResult => ({ name, ok: null })
    return { latest, earliest, keyUsed, checks: [unknown('latestSignature'), unknown('earliestSignature'), unknown('consistency')] }
  }
  const checks: CheckResult[] = [{ name: 'latestSignature', ok: await verifyTreeHead(latest, keyUsed) }]
  if (earliest) {
    checks.push({ name: 'earliestSignature', ok: await verifyTreeHead(earliest, keyUsed) })
    checks.push(await checkConsistency(earliest, latest))
  }
  return { latest, earliest, keyUsed, checks }
}

async function checkConsistency(first: TreeHead, second: TreeHead): Promise<CheckResult> {
  const proof = await consistencyProof(first.tree_size, second.tree_size)
  // The proof must be about the very roots that were signed.
  if (proof.first_root_hash !== first.root_hash || proof.second_root_hash !== second.root_hash) {
    return { name: 'consistency', ok: false, detail: 'roots' }
  }
  const ok = await verifyConsistency(
    first.tree_size,
    second.tree_size,
    fromBase64(first.root_hash),
    fromBase64(second.root_hash),
    proof.consistency_path.map(fromBase64),
  )
  return { name: 'consistency', ok, detail: `${proof.consistency_path.length}` }
}
