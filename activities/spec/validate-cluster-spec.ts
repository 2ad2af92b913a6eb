import { ApplicationFailure } from '@temporalio/common';
import { describeProblems, ErrorType } from '../../common/errors';
import { validateClusterSpec as check, type ClusterSpec } from '../../common/spec';

/** Parses a cluster spec; fails non-retryably with InvalidSpec naming every bad field. */
export async function validateClusterSpec(input: unknown): Promise<ClusterSpec> {
  const result = check(input);
  if (!result.ok) {
    throw ApplicationFailure.create({
      message: describeProblems('cluster spec', result.problems),
      type: ErrorType.InvalidSpec,
      nonRetryable: true,
      details: [{ problems: result.problems }],
    });
  }
  return result.spec;
}
