/**
 * Who sat at each demo round of talks (the two mediators and the two parties; the scenario names
 * no delegations, so none are invented) and, on the third round, the Pakistani Foreign Office's
 * statement of 9 November 2025 as the scenario reports it.
 */
import type { Actor } from '@truceline/domain';
import type { Services } from '../../composition-root.ts';

type DemoActors = Record<'pk' | 'af' | 'tr' | 'qa', Actor>;

/** Adds the participants to every round and the FO statement to the last one. */
export async function loadDemoTalks(
  services: Services,
  rounds: readonly { readonly id: string }[],
  actors: DemoActors,
): Promise<void> {
  const seats = [actors.qa, actors.tr, actors.pk, actors.af];
  for (const round of rounds) {
    for (const seat of seats) {
      await services.talks.addParticipant(
        round.id,
        { organisationId: seat.organisationId, delegation: [] },
        actors.tr,
      );
    }
  }
  const last = rounds.at(-1);
  if (!last) return;
  await services.talks.addDocument(
    last.id,
    {
      kind: 'statement',
      title: '[Demo] Foreign Office statement on the Istanbul talks (9 November 2025)',
      body: 'No concrete, verifiable action by Kabul; the Afghan side refused written assurances; the ceasefire is holding; Torkham and Chaman are not reopened.',
      language: 'en',
      visibility: 'public',
      organisationId: actors.pk.organisationId,
    },
    actors.tr,
  );
}
