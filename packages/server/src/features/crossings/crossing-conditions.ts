/**
 * When a condition for reopening a crossing is met, and what is still missing. Pure: the service
 * reads the linked commitments and findings and hands them in.
 *
 * A condition is met when the mediators recorded it met by their decision, or when it links at
 * least one commitment or finding and every linked commitment has status `met` and every linked
 * complaint has an issued finding (whatever its outcome: the finding settles the question the
 * condition waited on). A condition that links nothing can only be met by decision.
 */

export interface ConditionFacts {
  readonly metAt: Date | null;
  readonly commitmentIds: readonly string[];
  readonly findingComplaintIds: readonly string[];
}

export interface LinkedFacts {
  /** Commitment id → its status. */
  readonly commitmentStatus: ReadonlyMap<string, string>;
  /** Complaint id → the outcome of its issued finding; absent while none is issued. */
  readonly issuedFindings: ReadonlyMap<string, string>;
}

export interface ConditionVerdict {
  readonly met: boolean;
  readonly metBy: 'links' | 'decision' | null;
  readonly missingCommitmentIds: readonly string[];
  readonly missingFindingComplaintIds: readonly string[];
  /** True when nothing is linked and no decision was recorded. */
  readonly awaitsDecision: boolean;
}

export function evaluateCondition(c: ConditionFacts, linked: LinkedFacts): ConditionVerdict {
  const missingCommitmentIds = c.commitmentIds.filter(
    (id) => linked.commitmentStatus.get(id) !== 'met',
  );
  const missingFindingComplaintIds = c.findingComplaintIds.filter(
    (id) => !linked.issuedFindings.has(id),
  );
  if (c.metAt !== null) {
    return {
      met: true,
      metBy: 'decision',
      missingCommitmentIds: [],
      missingFindingComplaintIds: [],
      awaitsDecision: false,
    };
  }
  const linksSomething = c.commitmentIds.length + c.findingComplaintIds.length > 0;
  const met =
    linksSomething && missingCommitmentIds.length === 0 && missingFindingComplaintIds.length === 0;
  return {
    met,
    metBy: met ? 'links' : null,
    missingCommitmentIds,
    missingFindingComplaintIds,
    awaitsDecision: !linksSomething,
  };
}
