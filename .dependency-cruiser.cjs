/**
 * Dependency rules of src/ (ARCHITECTURE.md, "What may import what"), checked with dependency-cruiser (which needs
 * Node >= 22 and the repository's own `typescript` next to it): `npm run check:architecture`; CI runs it.
 *
 * `no-circular-folders` sees cycles between sibling folders; the files at the root of src/ (errors.ts, limits.ts,
 * version.ts, index.ts) are at the bottom or the top of the layers, so no folder cycle can pass through them.
 *
 * Type-only imports count (tsPreCompilationDeps): a type-only cycle still ties two files together, so that neither
 * can be read, moved or split off without the other.
 */

/**
 * The layers, bottom first. A file may import its own layer and the layers below it, never one above.
 * Each entry is a list of path patterns (regular expressions on the path from the repository root).
 */
const LAYERS = [
  {
    name: 'foundation',
    paths: ['^src/util/', '^src/types/', '^src/errors\\.ts$', '^src/limits\\.ts$', '^src/version\\.ts$'],
  },
  { name: 'model-net', paths: ['^src/model/', '^src/net/'] },
  { name: 'contexts', paths: ['^src/context/'] },
  { name: 'rdf', paths: ['^src/rdf/'] },
  { name: 'schema', paths: ['^src/schema/'] },
  { name: 'credential-keys', paths: ['^src/credential/', '^src/keys/'] },
  { name: 'proof', paths: ['^src/proof/'] },
  { name: 'operations', paths: ['^src/issue/', '^src/status/', '^src/bake/', '^src/verify/', '^src/many/'] },
  { name: 'compositions', paths: ['^src/batch/', '^src/stack/', '^src/presentation/'] },
  { name: 'entry-points', paths: ['^src/cli/', '^src/server/', '^src/entries/', '^src/index\\.ts$'] },
]

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}-not-up`,
  comment: `${layer.name} (layer ${i}) may not import a higher layer: ${LAYERS.slice(i + 1)
    .map((l) => l.name)
    .join(', ')}`,
  severity: 'error',
  from: { path: layer.paths },
  to: { path: LAYERS.slice(i + 1).flatMap((l) => l.paths) },
}))

/**
 * Every src file is in exactly one layer (a new top-level folder must be given one). A rule matches dependencies, so
 * this takes both sides: a file outside every layer may not import (first rule), nor be imported (second, for a file
 * that imports nothing).
 */
const unlayered = [
  {
    name: 'layer-unassigned',
    comment:
      'a src file outside every layer: add its folder to LAYERS in .dependency-cruiser.cjs (and to ARCHITECTURE.md)',
    severity: 'error',
    from: { path: '^src/', pathNot: LAYERS.flatMap((l) => l.paths) },
    to: {},
  },
  {
    name: 'layer-unassigned-imported',
    comment:
      'an import of a src file outside every layer: add its folder to LAYERS in .dependency-cruiser.cjs (and to ARCHITECTURE.md)',
    severity: 'error',
    from: { path: '^src/' },
    to: { path: '^src/', pathNot: LAYERS.flatMap((l) => l.paths) },
  },
]

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'a file cycle (type-only imports count): move the shared declaration to the lower file, or to a new one both import',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'a folder cycle: two sibling folders whose files import each other, directly or through others',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-not-to-test',
      comment: 'library code never imports the tests, the scripts or the examples',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts|examples)/' },
    },
    {
      name: 'only-cli-imports-cli',
      comment: 'the command is a leaf: nothing else (the service included) imports src/cli',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-cli-and-server-import-server',
      comment:
        'the service is a leaf for the library: only itself, the `serve` command and its entry point (microcred/server) import src/server',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/server/', '^src/cli/', '^src/entries/server\\.ts$'] },
      to: { path: '^src/server/' },
    },
    {
      name: 'fastify-loaded-on-use',
      comment:
        'Fastify and its plugins are optional peer dependencies: only server/modules.ts loads them (with import()); other files import their types only. (An import mixing a value with types is seen as type-only here; test/package/pack.test.ts, which loads microcred/server without Fastify installed, catches that one.)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/server/modules\\.ts$' },
      to: { path: 'node_modules/(fastify|@fastify/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-reaches-server-only-through-serve',
      comment: 'of the command, only `microcred serve` (cli/commands/serve.ts) starts the service',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: '^src/cli/commands/serve\\.ts$' },
      to: { path: '^src/server/' },
    },
    {
      name: 'not-to-public-barrels',
      comment:
        'src/index.ts and src/entries/ (the package entry points) only re-export; code inside imports the file that defines a symbol',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^src/index\\.ts$', '^src/entries/'] },
    },
    {
      name: 'not-to-thread-entries',
      comment:
        'many/worker.ts and server/thread.ts are started as threads by file name (many/pool.ts, server/thread-pool.ts), never imported',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^src/many/worker\\.ts$', '^src/server/thread\\.ts$'] },
    },
    {
      name: 'verify-never-signs',
      comment: 'verification does not issue: src/verify imports no signing code',
      severity: 'error',
      from: { path: '^src/verify/' },
      to: { path: ['^src/issue/', '^src/many/', '^src/proof/sign\\.ts$', '^src/proof/jwt/issue-jwt\\.ts$'] },
    },
    {
      name: 'compositions-independent',
      comment: 'batch, stack and presentation build on the layers below, not on each other',
      severity: 'error',
      from: { path: '^src/(batch|stack|presentation)/' },
      to: { path: '^src/(batch|stack|presentation)/', pathNot: '^src/$1/' },
    },
    ...layerRules,
    ...unlayered,
    {
      name: 'no-orphans',
      comment:
        'a src file nothing imports and that imports nothing: delete it or wire it in (ambient .d.ts files excepted)',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: '\\.d\\.ts$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      archi: { collapsePattern: '^src/[^/]+' },
      dot: { collapsePattern: 'node_modules/(@[^/]+/[^/]+|[^/]+)' },
    },
  },
}
