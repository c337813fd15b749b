// Whether a token or app key still works.
export type CredentialState = 'active' | 'expired' | 'revoked'

export function credentialState(c: { revoked_at: string | null; expires_at?: string }): CredentialState {
  if (c.revoked_at) return 'revoked'
  if (c.expires_at && c.expires_at < new Date().toISOString().replace(/\.\d+Z$/, 'Z')) return 'expired'
  return 'active'
}

export const stateTagType = (s: CredentialState) => (s === 'active' ? 'success' : s === 'revoked' ? 'danger' : 'info')
