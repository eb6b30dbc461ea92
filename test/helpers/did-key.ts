/**
 * A did:key DID document built from the DID string alone (the did:key method: the identifier *is* the
 * Multikey-encoded public key), for handing to other implementations in interop tests.
 */
export function didKeyDocuments(did: string): {
  verificationMethod: Record<string, unknown>
  didDocument: Record<string, unknown>
} {
  const multibase = did.slice('did:key:'.length)
  const verificationMethod = {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: `${did}#${multibase}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: multibase,
  }
  const didDocument = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [verificationMethod],
    assertionMethod: [verificationMethod.id],
    authentication: [verificationMethod.id],
  }
  return { verificationMethod, didDocument }
}
