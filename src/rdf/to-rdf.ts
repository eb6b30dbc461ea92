/**
 * The fast JSON-LD to RDF conversion: a credential's quads straight from its JSON, using contexts processed once
 * (active-context.ts), with no intermediate expanded document, node map or per-node context cloning.
 *
 * It implements the part of JSON-LD 1.1 Expansion (Processing Algorithms §5.1), Node Map Generation (§7.2) and
 * Deserialize JSON-LD to RDF (§8.1) that credentials use: node objects with `@id` / `@type`, terms, compact and
 * absolute IRIs, `@set`, `@list` and `@graph` containers, `@id` / `@vocab` / datatype coercion, type-scoped and
 * property-scoped contexts (with jsonld.js's reverting rules), strings, numbers and booleans. It never guesses:
 * anything else (a term left to `@vocab`, an undefined term, a relative or blank node IRI, the `@list` keyword, value
 * objects, language or direction defaults, `@json`, `@reverse`, `@nest`, index/language/id/type maps, nested
 * arrays, empty nodes, any keyword it does not handle) makes it answer `unsupported`, and the caller runs
 * jsonld.js on the whole document. What it accepts, jsonld.js in safe mode accepts without a warning and
 * converts to the same dataset; the differential test (test/rdf/) holds it to that.
 */
import type { DocumentLoader } from '../context/loader.js'
import { isJsonObject } from '../util/json.js'
import {
  ContextPending,
  type ProcessedContext,
  type TermDefinition,
  Unsupported,
  contextCacheFor,
} from './active-context.js'

/** An IRI. */
export interface NamedNode {
  readonly termType: 'NamedNode'
  readonly value: string
}
/** A blank node (`_:b0`...). */
export interface BlankNode {
  readonly termType: 'BlankNode'
  readonly value: string
}
/** A literal with its datatype (and language for `rdf:langString`). */
export interface Literal {
  readonly termType: 'Literal'
  readonly value: string
  readonly datatype: NamedNode
  readonly language?: string
}
/** The default graph. */
export interface DefaultGraph {
  readonly termType: 'DefaultGraph'
  readonly value: ''
}
/** One RDF quad, in the shape jsonld.js produces and rdf-canonize reads. */
export interface Quad {
  readonly subject: NamedNode | BlankNode
  readonly predicate: NamedNode
  readonly object: NamedNode | BlankNode | Literal
  readonly graph: DefaultGraph | BlankNode
}

/**
 * The dataset of a document, or why the fast path does not handle it. `emptyIri` says the document uses `""` where an
 * IRI is expected (under the member it names, `@id` or `@type` for those keywords): jsonld.js 9 drops such a value
 * without the warning safe mode fails on, so it would go unsigned; the caller must refuse it.
 */
export type FastRdfResult = { readonly quads: Quad[] } | { readonly unsupported: string; readonly emptyIri?: string }

/** Thrown for `""` in an IRI position: relative (JSON-LD 1.1 §9.3 with no base), so never signed. */
class EmptyIri extends Unsupported {
  constructor(readonly member: string) {
    super(`"${member}" has the empty string as an IRI`)
  }
}

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'
const XSD = 'http://www.w3.org/2001/XMLSchema#'
const XSD_STRING = `${XSD}string`
const XSD_BOOLEAN = `${XSD}boolean`
const XSD_INTEGER = `${XSD}integer`
const XSD_DOUBLE = `${XSD}double`
const DEFAULT_GRAPH: DefaultGraph = Object.freeze({ termType: 'DefaultGraph', value: '' })
const RDF_TYPE_NODE: NamedNode = Object.freeze({ termType: 'NamedNode', value: `${RDF}type` })
const RDF_FIRST_NODE: NamedNode = Object.freeze({ termType: 'NamedNode', value: `${RDF}first` })
const RDF_REST_NODE: NamedNode = Object.freeze({ termType: 'NamedNode', value: `${RDF}rest` })
const RDF_NIL_NODE: NamedNode = Object.freeze({ termType: 'NamedNode', value: `${RDF}nil` })

/** jsonld.js's absolute IRI test (`lib/url.js` `isAbsolute`); the same test decides what it drops as relative. */
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/

/** The JSON-LD keywords (JSON-LD 1.1 §1.7); other `@`-strings are reserved and handled by jsonld.js. */
const KEYWORDS = new Set([
  '@base',
  '@container',
  '@context',
  '@direction',
  '@graph',
  '@id',
  '@import',
  '@included',
  '@index',
  '@json',
  '@language',
  '@list',
  '@nest',
  '@none',
  '@prefix',
  '@propagate',
  '@protected',
  '@reverse',
  '@set',
  '@type',
  '@value',
  '@version',
  '@vocab',
])

/** Deeper documents take the general path (which has its own limits). */
const MAX_DEPTH = 64

/**
 * Walks of one document before it is left to the general path. Each walk collects every context it meets that is
 * not processed yet (skipping what lies under them), so this bounds how deeply contexts nest, not how many there are.
 */
const MAX_ROUNDS = 32

/** Contexts processed for one document before it is left to the general path (jsonld.js work a document can cause). */
const MAX_CONTEXTS_PER_DOCUMENT = 32

/**
 * The RDF dataset of `document` as jsonld.js `toRDF` in safe mode (base `null`) would produce it, or
 * `{ unsupported }` naming the first thing the fast path does not handle. Contexts are processed on first use
 * with `documentLoader` and cached for that loader.
 *
 * @example
 * ```ts
 * const result = await fastToRdf(credential, defaultDocumentLoader)
 * if ('quads' in result) console.log(result.quads.length) // 48
 * else console.log(`general path: ${result.unsupported}`)
 * ```
 */
export async function fastToRdf(document: unknown, documentLoader: DocumentLoader): Promise<FastRdfResult> {
  return walkDocument(document, documentLoader, true)
}

/**
 * Whether the fast path handles `document` (and so jsonld.js in safe mode accepts it without a warning): the same
 * walk as {@link fastToRdf} without building the quads, for checks that only need the verdict.
 *
 * @example
 * ```ts
 * const verdict = await fastPathHandles(credential, defaultDocumentLoader)
 * if (verdict !== true) console.log(`safe mode decided by jsonld.js: ${verdict.unsupported}`)
 * ```
 */
export async function fastPathHandles(
  document: unknown,
  documentLoader: DocumentLoader,
): Promise<true | { readonly unsupported: string; readonly emptyIri?: string }> {
  const result = await walkDocument(document, documentLoader, false)
  return 'quads' in result ? true : result
}

async function walkDocument(
  document: unknown,
  documentLoader: DocumentLoader,
  collect: boolean,
): Promise<FastRdfResult> {
  if (!isJsonObject(document)) return { unsupported: 'the document is not a JSON object' }
  const root = await contextCacheFor(documentLoader).root
  let processed = 0
  // Each round either finishes or meets contexts not processed yet; they are processed and the walk restarts.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const walk = new Walk(collect)
    let pending: ContextPending[]
    try {
      const quads = walk.document(document, root)
      if (walk.pending.length === 0) return { quads }
      pending = walk.pending
    } catch (signal) {
      if (signal instanceof ContextPending) pending = [...walk.pending, signal]
      else if (signal instanceof EmptyIri) return { unsupported: signal.reason, emptyIri: signal.member }
      else if (signal instanceof Unsupported) return { unsupported: signal.reason }
      // Anything unexpected (a stack overflow, an exotic object) is the general path's to report.
      else return { unsupported: `the fast path failed: ${signal instanceof Error ? signal.message : String(signal)}` }
    }
    for (const { parent, local, scope } of pending) {
      const outcome = await parent.process(local, scope)
      if (outcome instanceof Unsupported) return { unsupported: outcome.reason }
      if (outcome === 'processed' && ++processed > MAX_CONTEXTS_PER_DOCUMENT)
        return { unsupported: 'too many contexts to process for one document' }
    }
  }
  return { unsupported: 'too many contexts to process for one document' }
}

function unsupported(reason: string): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal to leave the document to jsonld.js, caught by the fast path: not an Error, no stack to capture
  throw new Unsupported(reason)
}

/** The IRI `value` expands to (Processing Algorithms §5.2), or `undefined` when the fast path leaves it to jsonld.js. */
function expandIri(context: ProcessedContext, value: string, vocab: boolean): string | undefined {
  if (value.charCodeAt(0) === 64 /* @ */) return KEYWORDS.has(value) ? value : undefined
  if (vocab) {
    const definition = context.term(value)
    if (definition === null) return undefined
    if (definition !== undefined) return definition['@id'] ?? undefined
  }
  const colon = value.indexOf(':')
  if (colon > 0) {
    const prefix = value.slice(0, colon)
    if (prefix === '_') return undefined
    const suffix = value.slice(colon + 1)
    if (!suffix.startsWith('//')) {
      const definition = context.term(prefix)
      if (definition?._prefix === true)
        return typeof definition['@id'] === 'string' ? definition['@id'] + suffix : undefined
    }
    if (ABSOLUTE_IRI.test(value)) return value
  }
  // A relative IRI, or a term only `@vocab` would define: jsonld.js reports or resolves it.
  return undefined
}

/** An IRI usable as a subject, predicate or object: absolute, not a blank node identifier, not a keyword. */
function namedNode(iri: string | undefined, what: string, given: string, member: string = what): NamedNode {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal caught by the fast path (see unsupported()), not an Error
  if (given === '') throw new EmptyIri(member)
  if (iri === undefined || !ABSOLUTE_IRI.test(iri) || iri.startsWith('_:'))
    unsupported(`${what} "${given}" does not expand to an absolute IRI`)
  return { termType: 'NamedNode', value: iri }
}

function literal(value: string | number | boolean, datatype: string | undefined): Literal {
  // jsonld.js `lib/toRdf.js` `_objectToRDF`, in its order: booleans, doubles, integers, strings.
  let lexical: string
  let type: string
  if (typeof value === 'boolean') {
    lexical = String(value)
    type = datatype ?? XSD_BOOLEAN
  } else if (
    (typeof value === 'number' && (String(value).includes('.') || Math.abs(value) >= 1e21)) ||
    datatype === XSD_DOUBLE
  ) {
    lexical = (typeof value === 'number' ? value : Number.parseFloat(value))
      .toExponential(15)
      .replace(/(\d)0*e\+?/, '$1E')
    type = datatype ?? XSD_DOUBLE
  } else if (typeof value === 'number') {
    lexical = value.toFixed(0)
    type = datatype ?? XSD_INTEGER
  } else {
    lexical = value
    type = datatype ?? XSD_STRING
  }
  return { termType: 'Literal', value: lexical, datatype: { termType: 'NamedNode', value: type } }
}

/**
 * One conversion: the quads so far, with exactly the duplicates jsonld.js writes. jsonld.js's node map (Processing
 * Algorithms §7.2) drops a value only when it equals one the same subject already has for the same property, and
 * equal means its `util.compareValues`: the same `@id`, or the same `@value` (JavaScript `===`), `@type` and
 * `@language`. Values that merely convert to the same RDF term each give a quad (0 and 1e-7 are both
 * `"0"^^xsd:integer`, 0.1 and 0.10000000000000002 both `"1.0E-1"^^xsd:double`, `"5"` and `5` typed `xsd:integer`,
 * a plain string and the same string typed `xsd:string`, `@type` and an `rdf:type` property, two empty lists), and
 * its `toRDF` writes them all. rdf-canonize takes that array as its input dataset without making it a set, so a
 * duplicate is hashed (RDFC-1.0 §4.6, which can change blank node labels) and written (§4.4.3) like any quad: it
 * is in the canonical N-Quads, and in what is signed.
 */
class Walk {
  private readonly quads: Quad[] = []
  /** Values each (graph, subject, property) has, as jsonld.js's node map compares them. */
  private readonly seen = new Set<string>()
  private blankNodes = 0
  /** Contexts met that are not processed yet; the subtrees under them were skipped. */
  readonly pending: ContextPending[] = []

  /** `collect` false walks and decides without keeping quads. */
  constructor(private readonly collect: boolean) {}

  document(document: Record<string, unknown>, root: ProcessedContext): Quad[] {
    this.node(document, root, null, DEFAULT_GRAPH, 0, true)
    return this.quads
  }

  private blank(): BlankNode {
    return { termType: 'BlankNode', value: `_:b${this.blankNodes++}` }
  }

  /**
   * Writes one quad unless the node map would have dropped its value: `property` is the node map's (`@type` for
   * types, which jsonld.js keeps apart from an `rdf:type` property), `identity` the value as the node map compares
   * it ({@link valueIdentity}), `undefined` for values it never finds equal (blank nodes, lists, list cells).
   */
  private emit(
    subject: NamedNode | BlankNode,
    predicate: NamedNode,
    object: NamedNode | BlankNode | Literal,
    graph: DefaultGraph | BlankNode,
    property: string,
    identity: string | undefined,
  ): void {
    if (!this.collect || this.pending.length > 0) return
    if (identity !== undefined) {
      // IRIs, blank node labels and `@type` never contain a line feed (jsonld.js treats such an IRI as relative),
      // so the key is unambiguous with the identity last.
      const key = `${graph.value}\n${subject.value}\n${property}\n${identity}`
      if (this.seen.has(key)) return
      this.seen.add(key)
    }
    this.quads.push({ subject, predicate, object, graph })
  }

  /**
   * {@link node} for a node object inside another: a context met there that is not processed yet is noted and the
   * walk goes on without the node's subtree (its quads are not kept), so one walk finds every such context that
   * does not depend on another one.
   */
  private nested(
    element: Record<string, unknown>,
    incoming: ProcessedContext,
    activeProperty: string,
    graph: DefaultGraph | BlankNode,
    depth: number,
    dropIfEmpty: boolean,
  ): NamedNode | BlankNode {
    try {
      return this.node(element, incoming, activeProperty, graph, depth, dropIfEmpty)
    } catch (signal) {
      if (!(signal instanceof ContextPending)) throw signal
      this.pending.push(signal)
      return this.blank()
    }
  }

  /**
   * Converts one node object and returns its subject. `dropIfEmpty` is set where jsonld.js drops (and in safe
   * mode, rejects) a node with nothing but an `@id`: at the top level and in a `@graph` container of the parent's.
   */
  private node(
    element: Record<string, unknown>,
    incoming: ProcessedContext,
    activeProperty: string | null,
    graph: DefaultGraph | BlankNode,
    depth: number,
    dropIfEmpty: boolean,
  ): NamedNode | BlankNode {
    if (depth > MAX_DEPTH) unsupported('too deeply nested')
    // jsonld.js walks keys in lexical order; here the order only matters for finding type keys, which is guarded below.
    const keys = Object.keys(element)
    const propertyScoped = activeProperty === null ? undefined : incoming.term(activeProperty)?.['@context']

    // A type-scoped context does not apply inside a new node object, except one that is only a reference
    // (jsonld.js `lib/expand.js`; Processing Algorithms §5.1.2 step 7).
    let context = incoming
    if (incoming.previous !== undefined) {
      let keep = false
      if (keys.length <= 2 && !keys.includes('@context')) {
        for (const key of keys) {
          const expanded = expandIri(incoming, key, true)
          if (expanded === '@value') unsupported('value object')
          if (expanded === '@id' && keys.length === 1) keep = true
        }
      }
      if (!keep) context = incoming.reverted()
    }
    if (propertyScoped !== undefined) context = context.child(propertyScoped, 'property')
    if ('@context' in element) context = context.child(element['@context'], 'embedded')

    // Type-scoped contexts, types in lexical order (§5.1.2 step 11); @type values expand with the context before them.
    const typeScoped = context
    let typeKey: string | undefined
    for (const key of keys) {
      if (expandIri(context, key, true) !== '@type') continue
      if (typeKey !== undefined) unsupported('two keys expand to @type')
      typeKey = key
      const value = element[key]
      const types = Array.isArray(value) ? [...(value as unknown[])].sort() : [value]
      if (types.length === 0) unsupported('an empty @type')
      // A context whose application left the active context as it was leaves it so again: a type repeated
      // (adjacent once sorted) costs nothing more. Whether it changes anything is the cache's finding, not assumed.
      let unchangedBy: unknown
      for (const type of types) {
        if (typeof type !== 'string') unsupported('a @type value that is not a string')
        const scoped = typeScoped.term(type)?.['@context']
        if (scoped === undefined || scoped === unchangedBy) continue
        const next = context.child(scoped, 'type')
        unchangedBy = next === context ? scoped : undefined
        context = next
      }
    }

    let subject: NamedNode | BlankNode | undefined
    for (const key of keys) {
      if (key === '@context') continue
      if (expandIri(context, key, true) !== '@id') continue
      if (subject !== undefined) unsupported('two keys expand to @id')
      const id = element[key]
      if (typeof id !== 'string') unsupported('an @id that is not a string')
      subject = namedNode(expandIri(context, id, false), '@id', id)
    }
    subject ??= this.blank()

    // Count the members the expanded node keeps, as jsonld.js does before dropping empty nodes.
    let kept = 0
    for (const key of keys) {
      if (key === '@context') continue
      const value = element[key]
      const property = expandIri(context, key, true)
      if (property === undefined) unsupported(`the term "${key}"`)
      if (property === '@id') {
        kept++
        continue
      }
      if (property === '@type') {
        // jsonld.js finds type keys in lexical key order while applying their contexts; one that only becomes a
        // type key after them could order differently there.
        if (key !== typeKey) unsupported('a key that expands to @type only under a type-scoped context')
        kept++
        for (const type of Array.isArray(value) ? value : [value]) {
          const iri = namedNode(expandIri(typeScoped, type as string, true), '@type', type as string)
          this.emit(subject, RDF_TYPE_NODE, iri, graph, '@type', `I${iri.value}`)
        }
        continue
      }
      if (property.charCodeAt(0) === 64) unsupported(`the keyword ${property}`)
      if (value === null) continue
      kept++
      this.property(subject, namedNode(property, 'the property', key), key, value, context, graph, depth)
    }
    if (kept === 0) unsupported('an empty node object')
    // jsonld.js also drops it when the property's definition in the node's own final context is a @graph container.
    const graphHere = activeProperty !== null && (context.term(activeProperty)?.['@container'] ?? []).includes('@graph')
    if ((dropIfEmpty || graphHere) && kept === 1 && !subject.value.startsWith('_:'))
      unsupported('a node object with only @id')
    return subject
  }

  private property(
    subject: NamedNode | BlankNode,
    predicate: NamedNode,
    key: string,
    value: unknown,
    context: ProcessedContext,
    graph: DefaultGraph | BlankNode,
    depth: number,
  ): void {
    const definition = context.term(key)
    let asGraph = false
    let asList = false
    if (definition !== undefined && definition !== null) {
      if (definition.reverse === true) unsupported('a @reverse property')
      if (definition['@nest'] !== undefined) unsupported('a @nest property')
      for (const container of definition['@container'] ?? []) {
        if (container === '@graph') asGraph = true
        else if (container === '@list') asList = true
        else if (container !== '@set') unsupported(`a ${container} container`)
      }
      if (asGraph && asList) unsupported('a @graph @list container')
      if (definition['@type'] === '@json' || definition['@type'] === '@none')
        unsupported(`@type ${definition['@type']}`)
    }
    const scoped = definition?.['@context']
    const termContext = scoped === undefined ? context : context.child(scoped, 'property')
    // Scalars are coerced by the term's definition in the property-scoped context (jsonld.js `_expandValue`).
    const coercion = termContext.term(key)
    if (coercion?.['@type'] === '@json' || coercion?.['@type'] === '@none') unsupported(`@type ${coercion['@type']}`)

    const objects: (NamedNode | BlankNode | Literal)[] = []
    const identities: (string | undefined)[] = []
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null) continue
      if (Array.isArray(item)) unsupported('an array inside an array')
      if (isJsonObject(item)) {
        let object: NamedNode | BlankNode
        if (asGraph) {
          object = this.blank()
          this.nested(item, termContext, key, object, depth + 1, true)
        } else {
          object = this.nested(item, termContext, key, graph, depth + 1, false)
        }
        objects.push(object)
        identities.push(object.termType === 'NamedNode' ? `I${object.value}` : undefined)
        continue
      }
      if (asGraph) unsupported('a value in a @graph container that is not a node object')
      const object = scalar(item, key, coercion, termContext)
      objects.push(object)
      identities.push(valueIdentity(item as string | number | boolean, object, coercion))
    }
    // A list is never equal to another in the node map, not even an empty one to another empty one (both rdf:nil).
    if (asList) this.emit(subject, predicate, this.list(objects, graph), graph, predicate.value, undefined)
    else
      objects.forEach((object, i) => {
        this.emit(subject, predicate, object, graph, predicate.value, identities[i])
      })
  }

  /** An RDF collection of `items` (jsonld.js `_listToRDF`): its head, `rdf:nil` when empty. */
  private list(
    items: readonly (NamedNode | BlankNode | Literal)[],
    graph: DefaultGraph | BlankNode,
  ): NamedNode | BlankNode {
    if (items.length === 0) return RDF_NIL_NODE
    const head = this.blank()
    let cell: BlankNode = head
    items.forEach((item, i) => {
      this.emit(cell, RDF_FIRST_NODE, item, graph, RDF_FIRST_NODE.value, undefined)
      const next = i === items.length - 1 ? RDF_NIL_NODE : this.blank()
      this.emit(cell, RDF_REST_NODE, next, graph, RDF_REST_NODE.value, undefined)
      if (next.termType === 'BlankNode') cell = next
    })
    return head
  }
}

/**
 * A scalar's identity in jsonld.js's node map (`util.compareValues`): an IRI for `@id`/`@vocab` terms, else the
 * expanded value object's `@type` (the term's coercion, if any) and `@value`, compared with `===`. `String()` tells
 * every two numbers apart that `===` does (it round-trips doubles), and, like `===`, not 0 from -0.
 */
function valueIdentity(
  item: string | number | boolean,
  object: NamedNode | Literal,
  coercion: TermDefinition | null | undefined,
): string {
  if (object.termType === 'NamedNode') return `I${object.value}`
  return `V${typeof item === 'string' ? 's' : typeof item === 'number' ? 'n' : 'b'}${coercion?.['@type'] ?? ''}\n${String(item)}`
}

/** A scalar value as jsonld.js expands it (`_expandValue`) and writes it as RDF: an IRI for `@id`/`@vocab` terms, else a literal. */
function scalar(
  item: unknown,
  key: string,
  coercion: TermDefinition | null | undefined,
  context: ProcessedContext,
): NamedNode | Literal {
  if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean')
    unsupported('a value that is not JSON')
  const type = coercion?.['@type']
  if (type === '@id' || type === '@vocab') {
    if (typeof item !== 'string') unsupported('a non-string value of an IRI-typed term')
    return namedNode(expandIri(context, item, type === '@vocab'), `the value of "${key}"`, item, key)
  }
  if (type === undefined && typeof item === 'string') {
    const hasOwnLanguage =
      coercion !== undefined && coercion !== null && ('@language' in coercion || '@direction' in coercion)
    if (hasOwnLanguage || context.hasDefaultLanguage) unsupported('a language or direction default')
  }
  return literal(item, type)
}
