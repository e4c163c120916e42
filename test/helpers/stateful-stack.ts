/**
 * What a mocked CloudFormation DescribeStacks answers for the stateful stack: `RsvpStateful` with `outputs`
 * (output key to value), as the CLI's `--aws` commands read them to find the queues and tables.
 */
import type { DescribeStacksCommandOutput } from "@aws-sdk/client-cloudformation";

export const statefulStack = (
  outputs: Record<string, string>,
): Pick<DescribeStacksCommandOutput, "Stacks"> => ({
  Stacks: [
    {
      StackName: "RsvpStateful",
      StackStatus: "UPDATE_COMPLETE",
      CreationTime: new Date(),
      Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
    },
  ],
});
