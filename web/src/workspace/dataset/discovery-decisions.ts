// The data officer's choice on one discovery finding, as the page holds it,
// and the form POST /discovery/decisions takes.
import type { DiscoveryDecision, DiscoveryFinding } from '../../api/datasets-admin'

export interface FindingDecision {
  choice: 'skip' | 'accept' | 'reject' | 'override'
  personal: string
  sensitivity: number
}

export function initialDecision(f: DiscoveryFinding): FindingDecision {
  const declared = f.declared
  return {
    choice: 'skip',
    personal: declared?.personal || (f.dominant && f.dominant !== 'uscc' ? f.dominant : 'none'),
    sensitivity: declared?.sensitivity ?? f.proposed_sensitivity ?? 1,
  }
}

export function decisionsToApi(decisions: Record<string, FindingDecision>): Record<string, DiscoveryDecision> {
  const out: Record<string, DiscoveryDecision> = {}
  for (const [field, d] of Object.entries(decisions)) {
    if (d.choice === 'accept' || d.choice === 'reject') out[field] = d.choice
    else if (d.choice === 'override') out[field] = { personal: d.personal, sensitivity: d.sensitivity }
  }
  return out
}
