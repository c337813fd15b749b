// The department tree (parent_code links): who sits below whom, and which
// departments a department admin organises — the units below their own
// (access::Policy::CanManageDepartment), never their own department.
import type { Department } from '../../api/types'

export function subtree(departments: Department[], root: string | null): Set<string> {
  const out = new Set<string>()
  if (!root) return out
  out.add(root)
  let grew = true
  while (grew) {
    grew = false
    for (const d of departments) {
      if (d.parent_code && out.has(d.parent_code) && !out.has(d.code)) {
        out.add(d.code)
        grew = true
      }
    }
  }
  return out
}

export interface DepartmentNode extends Department {
  children?: DepartmentNode[]
}

// Nested for a tree table; departments whose parent is unknown are roots.
export function nest(departments: Department[]): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>(departments.map((d) => [d.code, { ...d }]))
  const roots: DepartmentNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parent_code ? nodes.get(node.parent_code) : undefined
    if (parent && parent !== node) (parent.children ??= []).push(node)
    else roots.push(node)
  }
  return roots
}
