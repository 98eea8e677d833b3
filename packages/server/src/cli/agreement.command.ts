/** `truceline agreement list`: the agreements and the ids of their provisions, for filing. */
import type { Command } from 'commander';
import type { LocalisedText } from '@truceline/domain';
import { listAgreements } from '../features/agreements/agreements.repository.ts';
import type { ContainerRunner } from './context.ts';
import type { CliIo } from './main.ts';
import { clip } from './table.ts';

const english = (text: LocalisedText) => text['en'] ?? Object.values(text)[0] ?? '';

export function registerAgreementCommands(
  program: Command,
  io: CliIo,
  withDb: ContainerRunner,
): void {
  program
    .command('agreement')
    .description('the agreements being monitored')
    .command('list')
    .description('agreements with their provisions and ids (for agreementId and provisionIds)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withDb(async (c) => {
        const agreements = await listAgreements(c.database.db);
        if (flags.json) return io.out(JSON.stringify(agreements, null, 2));
        for (const a of agreements) {
          io.out(`${a.id}  ${english(a.title)} (in force ${a.effectiveOn})`);
          for (const p of a.provisions)
            io.out(`  ${p.id}  ${p.number.padEnd(5)} ${clip(english(p.text), 70)}`);
        }
      });
    });
}
