/**
 * Minimal typings for the untyped libraries microcred builds on: only the members microcred uses.
 * These are internal; no public microcred type refers to them.
 */

declare module '@digitalbazaar/ed25519-multikey' {
  export interface LibrarySigner {
    id?: string
    algorithm: string
    sign(options: { data: Uint8Array }): Promise<Uint8Array>
  }
  export interface LibraryVerifier {
    id?: string
    algorithm: string
    verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>
  }
  export interface LibraryKeyPair {
    id?: string
    controller?: string
    publicKeyMultibase: string
    secretKeyMultibase?: string
    export(options: { raw: true; canonicalize?: boolean }): Promise<{ publicKey: Uint8Array; secretKey?: Uint8Array }>
    export(options?: {
      publicKey?: boolean
      secretKey?: boolean
      includeContext?: boolean
      canonicalize?: boolean
    }): Promise<{ publicKeyMultibase: string; secretKeyMultibase?: string }>
    signer(): LibrarySigner
    verifier(): LibraryVerifier
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<LibraryKeyPair>
  export function from(key: Record<string, unknown>): Promise<LibraryKeyPair>
  export function fromJwk(options: {
    jwk: object
    secretKey?: boolean
    id?: string
    controller?: string
  }): Promise<LibraryKeyPair>
  export function toJwk(options: { keyPair: LibraryKeyPair; secretKey?: boolean }): Promise<Record<string, string>>
}

declare module '@digitalbazaar/data-integrity' {
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the library's class: only the constructor microcred calls is declared
  export class DataIntegrityProof {
    constructor(options: {
      signer?: { id?: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> }
      date?: string | Date | null
      cryptosuite: object
      legacyContext?: boolean
    })
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: {
    name: string
    requiredAlgorithm: string
    canonize(input: object, options: object): Promise<string>
    createVerifier(options: { verificationMethod: object }): Promise<object>
  }
}

declare module 'jsonld-signatures' {
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the library's class: only the constructor microcred calls is declared
  export class ProofPurpose {
    constructor(options?: object)
  }
  export class AssertionProofPurpose extends ProofPurpose {
    constructor(options?: { controller?: object; date?: Date | string; maxTimestampDelta?: number })
  }
  export class AuthenticationProofPurpose extends ProofPurpose {
    constructor(options: {
      challenge?: string
      domain?: string
      controller?: object
      date?: Date | string
      maxTimestampDelta?: number
    })
  }
  export interface ProofResult {
    proof: Record<string, unknown>
    verified: boolean
    error?: unknown
    verificationMethod?: Record<string, unknown>
    purposeResult?: { valid: boolean; error?: unknown }
  }
  export interface VerifyResult {
    verified: boolean
    results?: ProofResult[]
    error?: { errors?: unknown[]; message?: string; name?: string } & Error
  }
  type Loader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>
  const jsigs: {
    sign(
      document: object,
      options: { suite: object; purpose: ProofPurpose; documentLoader: Loader },
    ): Promise<Record<string, unknown>>
    verify(
      document: object,
      options: { suite: object | object[]; purpose: ProofPurpose; documentLoader: Loader },
    ): Promise<VerifyResult>
    purposes: {
      AssertionProofPurpose: typeof AssertionProofPurpose
      AuthenticationProofPurpose: typeof AuthenticationProofPurpose
    }
  }
  export default jsigs
}

declare module '@digitalbazaar/ecdsa-multikey' {
  export interface EcdsaKeyPair {
    id?: string
    controller?: string
    publicKeyMultibase: string
    export(options?: {
      publicKey?: boolean
      secretKey?: boolean
      includeContext?: boolean
    }): Promise<{ publicKeyMultibase: string; secretKeyMultibase?: string }>
    signer(): { id?: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> }
    verifier(): { algorithm: string; verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> }
  }
  export function generate(options: {
    curve: 'P-256' | 'P-384' | 'P-521'
    id?: string
    controller?: string
  }): Promise<EcdsaKeyPair>
  export function from(key: Record<string, unknown>): Promise<EcdsaKeyPair>
  export function fromJwk(options: {
    jwk: object
    secretKey?: boolean
    id?: string
    controller?: string
  }): Promise<EcdsaKeyPair>
  export function toJwk(options: { keyPair: EcdsaKeyPair; secretKey?: boolean }): Promise<Record<string, unknown>>
}

declare module '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite' {
  export const cryptosuite: { name: string; canonize(input: object, options: object): Promise<string> }
}

declare module '@digitalbazaar/ecdsa-sd-2023-cryptosuite' {
  export function createVerifyCryptosuite(): object
  export function createSignCryptosuite(options?: { mandatoryPointers?: string[] }): object
  export function createDiscloseCryptosuite(options: { selectivePointers: string[] }): object
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: {
      signer?: { id?: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> }
      key?: object
      date?: string | Date
    })
    canonize(
      input: object,
      options: { documentLoader?: unknown; skipExpansion?: boolean } & Record<string, unknown>,
    ): Promise<string>
  }
  export const suiteContext: { constants: { CONTEXT_URL: string } }
}

declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string
  export function decode(input: string): Uint8Array
}

declare module '@digitalbazaar/bitstring' {
  export class Bitstring {
    constructor(options: { length: number } | { buffer: Uint8Array })
    bits: Uint8Array
    length: number
    get(position: number): boolean
    set(position: number, on: boolean): void
    encodeBits(): Promise<string>
  }
}

declare module 'rdf-canonize' {
  export function canonize(
    dataset: readonly object[] | string,
    options: {
      algorithm: 'RDFC-1.0'
      format?: 'application/n-quads'
      inputFormat?: 'application/n-quads'
      maxWorkFactor?: number
    },
  ): Promise<string>
}

// jsonld.js's context processing modules (see rdf/jsonld-context.ts): only what microcred calls.
declare module 'jsonld/lib/context.js' {
  const api: {
    process(options: { activeCtx: object | null; localCtx: unknown; options: object }): Promise<object>
    getInitialContext(options: object): object
  }
  export default api
}
declare module 'jsonld/lib/ContextResolver.js' {
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the library's class: only the constructor microcred calls is declared
  export default class ContextResolver {
    constructor(options: { sharedCache: { get(key: string): unknown; set(key: string, value: object): unknown } })
  }
}
declare module 'jsonld/lib/events.js' {
  const api: { setupEventHandler(options: { options: object }): unknown }
  export default api
}
declare module 'jsonld/lib/util.js' {
  const api: { clone<T>(value: T): T }
  export default api
}
