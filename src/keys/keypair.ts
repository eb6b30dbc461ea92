/**
 * Key pairs: generate, import and export. Ed25519 (Data Integrity proofs and EdDSA VC-JWTs), P-256 (ES256
 * VC-JWTs) and RSA (RS256 VC-JWTs, the one algorithm OB 3.0 requires every JWT verifier to support).
 * Multibase encoding is done by `@digitalbazaar/ed25519-multikey` and `@digitalbazaar/ecdsa-multikey`;
 * signing uses Node `KeyObject`s created once per key pair.
 *
 * The secret key is never a property of the key pair object: it lives in a module-private map (`registry.ts`), so
 * logging or serialising a key pair cannot leak it. Only `exportKeyPair(keyPair, { secret: true })` returns it.
 *
 * This module gathers the key pair API from the files that define it, one concern each: `key-types.ts` (types),
 * `registry.ts` (the secret registry), `algorithms.ts` (per-algorithm material), `ids.ts` (id and controller),
 * `jwk.ts` (JWK helpers), `generate.ts`, `import.ts` and `export.ts`.
 */
export type {
  Ed25519Jwk,
  Ed25519KeyPair,
  ExportedKeyPair,
  KeyAlgorithm,
  KeyJwk,
  KeyPair,
  KeyPairInput,
  MultikeyDocument,
  MultikeyInput,
  P256KeyPair,
  RsaKeyPair,
} from './key-types.js'
export { joseAlgorithm } from './algorithms.js'
export { hasPrivateMembers, publicPartOf, thumbprintOf } from './jwk.js'
export { isKeyPair, privateKeyObjectOf, publicJwkOf, publicKeyOf } from './registry.js'
export { generateKeyPair, type GenerateKeyPairOptions } from './generate.js'
export { importKeyPair, type ImportKeyPairOptions } from './import.js'
export { exportKeyPair, type ExportKeyPairOptions } from './export.js'
