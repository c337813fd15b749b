// Proves one trace entry is in the signed log: its leaf hash recomputed from
// its canonical text, the inclusion proof of that leaf in the latest signed
// tree, and that tree head's signature under the trusted key.
import { inclusionProof, latestTreeHead, type AuditEntry, type InclusionProof, type LatestTreeHead } from '../../api/audit'
import { cryptoAvailable, fromBase64, leafHash, toBase64, verifyInclusion, verifyTreeHead } from './merkle'

export interface EntryCheck {
  head: LatestTreeHead
  // Entries appended after the latest head are covered by the next one.
  covered: boolean
  proof: InclusionProof | null
  leafOk: boolean | null
  inclusionOk: boolean | null
  signatureOk: boolean | null
}

export async function checkEntry(entry: AuditEntry, trustedKey: string): Promise<EntryCheck> {
  const head = await latestTreeHead()
  const covered = entry.index < head.tree_size
  const proof = covered ? await inclusionProof(entry.index, head.tree_size) : null
  if (!cryptoAvailable()) return { head, covered, proof, leafOk: null, inclusionOk: null, signatureOk: null }

  const leaf = await leafHash(entry.canonical)
  const leafOk = toBase64(leaf) === entry.leaf_hash
  const signatureOk = await verifyTreeHead(head, trustedKey || head.public_key)
  let inclusionOk: boolean | null = null
  if (proof) {
    // Proven against the signed root, not the root the proof names.
    inclusionOk =
      proof.root_hash === head.root_hash &&
      (await verifyInclusion(entry.index, head.tree_size, leaf, proof.audit_path.map(fromBase64), fromBase64(head.root_hash)))
  }
  return { head, covered, proof, leafOk, inclusionOk, signatureOk }
}
