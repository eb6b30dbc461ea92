/** Minimal typings of the other implementations the interop tests drive (only what the tests call). */
declare module '@digitalbazaar/vc' {
  type Loader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>
  export function issue(options: {
    credential: object
    suite: object
    documentLoader: Loader
    now?: Date
  }): Promise<object>
  export function verifyCredential(options: {
    credential: object
    suite: object | object[]
    documentLoader: Loader
    now?: Date
    checkStatus?: unknown
  }): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>
  export function createPresentation(options: {
    verifiableCredential?: object | object[]
    holder?: string
    id?: string
  }): Record<string, unknown>
  export function signPresentation(options: {
    presentation: object
    suite: object
    challenge: string
    domain?: string
    documentLoader: Loader
  }): Promise<Record<string, unknown>>
  export function verify(options: {
    presentation: object
    suite: object | object[]
    challenge?: string
    domain?: string
    documentLoader: Loader
    now?: Date
  }): Promise<{ verified: boolean; error?: unknown }>
}
