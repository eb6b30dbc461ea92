/** The types of microcred key pairs and of their exported forms (JWK, Multikey). */

/** Signature algorithms of microcred key pairs: `Ed25519` (EdDSA), `ES256` (P-256) and `RS256` (RSA). */
export type KeyAlgorithm = 'Ed25519' | 'ES256' | 'RS256'

interface KeyPairCommon {
  /** Verification method id, e.g. `did:key:z6Mk...#z6Mk...` or `did:web:uni.example#key-1`. */
  readonly id: string
  /** Who controls the key: the issuer's DID or URL. */
  readonly controller: string
  /** Whether this key pair holds its secret key (it was not imported from a public key alone). */
  readonly canSign: boolean
}

/** An Ed25519 key pair: what `issue()` signs Data Integrity proofs with. */
export interface Ed25519KeyPair extends KeyPairCommon {
  readonly type: 'Multikey'
  readonly algorithm: 'Ed25519'
  /** The public key, multibase (`z6Mk...`). */
  readonly publicKeyMultibase: string
}

/** A P-256 (secp256r1) key pair, for ES256 VC-JWTs. */
export interface P256KeyPair extends KeyPairCommon {
  readonly type: 'Multikey'
  readonly algorithm: 'ES256'
  /** The public key, multibase (`zDn...`). */
  readonly publicKeyMultibase: string
}

/** An RSA key pair (2048 bits or more), for RS256 VC-JWTs. */
export interface RsaKeyPair extends KeyPairCommon {
  readonly type: 'JsonWebKey'
  readonly algorithm: 'RS256'
}

/** Any microcred key pair. */
export type KeyPair = Ed25519KeyPair | P256KeyPair | RsaKeyPair

/** A key pair exported as a Multikey verification method (Ed25519 and P-256). */
export interface MultikeyDocument {
  '@context'?: string
  type: 'Multikey'
  id: string
  controller: string
  publicKeyMultibase: string
  /** Present only when exported with `{ secret: true }`. */
  secretKeyMultibase?: string
}

/** An Ed25519 key as a JSON Web Key (RFC 8037). */
export interface Ed25519Jwk {
  kty: 'OKP'
  crv: 'Ed25519'
  /** Public key, base64url. */
  x: string
  /** Secret key (32-byte seed), base64url; present only when exported with `{ secret: true }`. */
  d?: string
  /** Key id: the verification method id. */
  kid?: string
  alg?: 'EdDSA'
}

/** A public or private JSON Web Key of any supported kind (OKP Ed25519, EC P-256, RSA). */
export interface KeyJwk {
  kty: string
  crv?: string
  x?: string
  y?: string
  n?: string
  e?: string
  d?: string
  p?: string
  q?: string
  dp?: string
  dq?: string
  qi?: string
  kid?: string
  alg?: string
  [member: string]: unknown
}

/** What `exportKeyPair()` returns. */
export type ExportedKeyPair = MultikeyDocument | Ed25519Jwk | KeyJwk

/**
 * What `importKeyPair()` takes: a JWK, or a Multikey whose `type`, `id` and `controller` may be absent (a bare
 * key defaults to its own `did:key`).
 */
export type KeyPairInput = Ed25519Jwk | KeyJwk | MultikeyInput

/** A Multikey as `importKeyPair()` takes it: `type`, `id` and `controller` may be absent. */
export type MultikeyInput = Omit<MultikeyDocument, 'type' | 'id' | 'controller'> & {
  type?: 'Multikey'
  id?: string
  controller?: string
}
