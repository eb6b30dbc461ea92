/**
 * The API report: what each entry point of the package exports, with its types, as API Extractor sees the built
 * declaration files (dist/*.d.ts). The reports are committed in api/, so every change to the public surface shows in
 * review.
 *
 *   npm run api          rewrite api/*.api.md from the current build (after `npm run build`)
 *   npm run check:api    fail when the build's surface differs from the committed reports (CI)
 *
 * API Extractor takes one entry point per run, so this runs it once per `exports` subpath of package.json.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Extractor, ExtractorConfig, ExtractorLogLevel, type IConfigFile } from '@microsoft/api-extractor'

const root = join(import.meta.dirname, '..')
const check = process.argv.includes('--check')

interface ExportTarget {
  import?: { types?: string }
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, ExportTarget | string>
}

/** `.` → `microcred`, `./status` → `microcred-status`: the report's file name. */
const reportName = (subpath: string): string => (subpath === '.' ? 'microcred' : `microcred-${subpath.slice(2)}`)

const entries = Object.entries(manifest.exports).flatMap(([subpath, target]) =>
  typeof target === 'object' && target.import?.types !== undefined ? [{ subpath, types: target.import.types }] : [],
)

mkdirSync(join(root, 'api'), { recursive: true })
let failed = 0
for (const { subpath, types } of entries) {
  const configObject: IConfigFile = {
    projectFolder: root,
    mainEntryPointFilePath: join(root, types),
    compiler: { tsconfigFilePath: join(root, 'tsconfig.json') },
    apiReport: {
      enabled: true,
      reportFileName: `${reportName(subpath)}.api.md`,
      reportFolder: join(root, 'api'),
      reportTempFolder: join(root, '.tmp', 'api'),
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      // The report records the surface; TSDoc style is typedoc's job (npm run docs), and a type that an entry point
      // uses but another exports (KeyPair in microcred/status) is not an omission.
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning },
        'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
        'ae-forgotten-export': { logLevel: ExtractorLogLevel.None },
        'ae-undocumented': { logLevel: ExtractorLogLevel.None },
        'ae-unresolved-link': { logLevel: ExtractorLogLevel.None },
        // The bundler puts imports above the entry point's @packageDocumentation comment.
        'ae-misplaced-package-tag': { logLevel: ExtractorLogLevel.None },
      },
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
    },
  }
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: join(root, 'api-extractor.json'),
    packageJsonFullPath: join(root, 'package.json'),
  })
  const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false })
  const name = subpath === '.' ? 'microcred' : `microcred/${subpath.slice(2)}`
  if (check && result.apiReportChanged) {
    console.error(
      `${name}: the public API differs from api/${reportName(subpath)}.api.md (run npm run api, review, commit)`,
    )
    failed += 1
  } else if (!result.succeeded) {
    console.error(`${name}: API Extractor reported ${result.errorCount} errors`)
    failed += 1
  } else {
    console.log(`${name}: ${result.apiReportChanged ? 'report updated' : 'unchanged'}`)
  }
}
process.exit(failed === 0 ? 0 : 1)
