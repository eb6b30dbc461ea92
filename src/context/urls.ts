/** The JSON-LD context URLs microcred writes and recognises. */

/** W3C Verifiable Credentials Data Model 2.0 base context. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
/** W3C Verifiable Credentials Data Model 1.1 base context (read only). */
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1'
/** Open Badges 3.0 context, current version (spec doc 1.4.5). */
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
/** Open Badges 3.0 extensions context (`1EdTechJsonSchemaValidator2019`, `1EdTechRevocationList`...). */
export const OB_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
/** CLR 2.0 context, current version. */
export const CLR_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json'
/** Data Integrity v2 context. */
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2'
/** Multikey v1 context (verification methods of type `Multikey`). */
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1'
/** Ed25519Signature2020 suite context. */
export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1'
/** Ed25519Signature2018 suite context (verification only). */
export const ED25519_2018_CONTEXT = 'https://w3id.org/security/suites/ed25519-2018/v1'
/** JsonWebSignature2020 suite context (bundled so such credentials expand; microcred does not verify that suite). */
export const JWS_2020_CONTEXT = 'https://w3id.org/security/suites/jws-2020/v1'
/** Security vocabulary v1 context (2018-era credentials and key documents). */
export const SECURITY_V1_CONTEXT = 'https://w3id.org/security/v1'
/** Security vocabulary v2 context (2018-era credentials and key documents). */
export const SECURITY_V2_CONTEXT = 'https://w3id.org/security/v2'
/** The W3C VC 1.1 examples context, used by the W3C test suites. */
export const VC_EXAMPLES_V1_CONTEXT = 'https://www.w3.org/2018/credentials/examples/v1'
/** The W3C VC 2.0 examples context (`@vocab` only), used by the W3C test suites. */
export const VC_EXAMPLES_V2_CONTEXT = 'https://www.w3.org/ns/credentials/examples/v2'
/** The ODRL 2.2 context, which {@link VC_EXAMPLES_V1_CONTEXT} imports. */
export const ODRL_CONTEXT = 'https://www.w3.org/ns/odrl.jsonld'
/** W3C Bitstring Status List context (VC 2.0's base context includes its terms; VC 1.1's does not). */
export const BITSTRING_STATUS_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1'
/** microcred's EU micro-credential extension context. */
export const EU_CONTEXT = 'https://w3id.org/microcred/eu/v1'
/** IRI namespace of the terms of {@link EU_CONTEXT}. */
export const EU_VOCAB = 'https://w3id.org/microcred/eu#'
