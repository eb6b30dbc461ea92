/** `microcred template` (a builder input to start from) and `microcred vocabularies` (the EU code lists it takes). */
import type { Command } from 'commander'
import {
  ASSESSMENT_TYPES,
  CREDIT_SYSTEMS,
  EQF_LEVELS,
  LEARNING_ACTIVITIES,
  LEARNING_SETTINGS,
  PARTICIPATION_MODES,
  QA_TYPES,
  SUPERVISION_TYPES,
  type Vocabulary,
} from '../../model/vocabularies.js'
import { UsageError, writeResult } from '../io.js'
import { COURSE_TEMPLATE, templateNotes } from '../template.js'

/** The vocabularies by the name `microcred vocabularies` takes, with the builder input member that uses each. */
export const CLI_VOCABULARIES: readonly { name: string; field: string; vocabulary: Vocabulary<string> }[] = [
  { name: 'eqf', field: 'level.eqf', vocabulary: EQF_LEVELS },
  { name: 'credit', field: 'workload (ects, ecvet)', vocabulary: CREDIT_SYSTEMS },
  { name: 'assessment', field: 'assessment.types', vocabulary: ASSESSMENT_TYPES },
  { name: 'supervision', field: 'assessment.supervision', vocabulary: SUPERVISION_TYPES },
  { name: 'participation', field: 'participation', vocabulary: PARTICIPATION_MODES },
  { name: 'learning-activity', field: 'learningActivities', vocabulary: LEARNING_ACTIVITIES },
  { name: 'learning-setting', field: 'learningSetting', vocabulary: LEARNING_SETTINGS },
  { name: 'quality-assurance', field: 'qualityAssurance[].type', vocabulary: QA_TYPES },
]

function listing(entry: (typeof CLI_VOCABULARIES)[number]): string {
  const values = Object.entries(entry.vocabulary.entries)
  const width = Math.max(...values.map(([name]) => name.length))
  return [
    `${entry.name} (${entry.field}; EU list ${entry.vocabulary.name}, any IRI ${entry.vocabulary.namespace}...)`,
    ...values.map(([name, value]) => `  ${name.padEnd(width)}  ${value.iri}  ${value.label}`),
  ].join('\n')
}

export function registerTemplate(program: Command): void {
  program
    .command('template')
    .description(
      'print a builder input with every EU micro-credential element, to edit and sign with `microcred issue`; what each member means goes to stderr',
    )
    .option('-o, --out <file>', 'write it here instead of stdout')
    .option('-q, --quiet', 'do not print the explanations')
    .option('--force', 'replace --out if it exists')
    .addHelpText(
      'after',
      '\nExample:\n  microcred template --out course.json        # edit it, then:\n  microcred issue course.json --key issuer-key.json --out ada.json',
    )
    .action(async (options: { out?: string; quiet?: boolean; force?: boolean }) => {
      await writeResult(options.out, `${JSON.stringify(COURSE_TEMPLATE, null, 2)}\n`, { force: options.force === true })
      if (options.quiet !== true) process.stderr.write(`${templateNotes()}\n`)
    })

  program
    .command('vocabularies')
    .description('list the EU controlled vocabularies the builder input takes: friendly names, their IRIs and labels')
    .argument('[name]', `one list: ${CLI_VOCABULARIES.map((v) => v.name).join(', ')}`)
    .option('--json', 'print them as JSON: { name: { field, list, values: { friendly name: { iri, label } } } }')
    .action((name: string | undefined, options: { json?: boolean }) => {
      const chosen =
        name === undefined
          ? CLI_VOCABULARIES
          : CLI_VOCABULARIES.filter((v) => v.name === name || v.vocabulary.name === name)
      if (chosen.length === 0)
        throw new UsageError(
          `no vocabulary ${JSON.stringify(name)}; the vocabularies are ${CLI_VOCABULARIES.map((v) => v.name).join(', ')}`,
        )
      if (options.json === true) {
        const json = Object.fromEntries(
          chosen.map((v) => [v.name, { field: v.field, list: v.vocabulary.name, values: v.vocabulary.entries }]),
        )
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
        return
      }
      process.stdout.write(`${chosen.map(listing).join('\n\n')}\n`)
    })
}
