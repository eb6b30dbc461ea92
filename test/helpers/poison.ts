/**
 * A "poison graph" for RDF canonicalization: a cycle of blank-node organisations that are indistinguishable
 * (same type, same name), linked by `parentOrg`. RDFC-1.0 must explore their permutations, which is what its
 * work cap exists for.
 */
export function blankNodeCycle(length: number, tag = 'org'): Record<string, unknown> {
  let node: Record<string, unknown> = { id: `_:${tag}0`, type: ['Profile'], name: 'Org' }
  for (let i = length - 1; i >= 0; i--) node = { id: `_:${tag}${i}`, type: ['Profile'], name: 'Org', parentOrg: node }
  return node
}
