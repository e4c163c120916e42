import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, describe, expect, it } from "vitest";
import { cliErrorOf, readStackOutputs } from "../../cli/aws.ts";
import { CliError } from "../../cli/errors.ts";

const awsError = (name: string, message: string, fault: "client" | "server") =>
  Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: 400 } });

describe("what the AWS SDK throws, as the CLI says it", () => {
  it.for([
    [new Error("Region is missing"), 2, "no AWS region: set AWS_REGION"],
    [
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
      2,
      "no AWS credentials: set AWS_PROFILE",
    ],
    [
      awsError("AccessDeniedException", "not authorized to perform: dynamodb:GetItem", "client"),
      2,
      "AWS refused a request for stack RsvpStateful: AccessDeniedException: not authorized",
    ],
    [
      awsError("InternalServerError", "try again", "server"),
      1,
      "AWS failed a request for stack RsvpStateful: InternalServerError",
    ],
    [
      Object.assign(new Error("getaddrinfo ENOTFOUND sqs.eu-west-1.amazonaws.com"), { code: "ENOTFOUND" }),
      1,
      "cannot reach AWS (ENOTFOUND)",
    ],
  ] as const)("%s → exit %i with a line a person can act on", ([error, exitCode, message]) => {
    const mapped = cliErrorOf(error, "RsvpStateful");
    expect(mapped).toBeInstanceOf(CliError);
    expect((mapped as CliError).exitCode).toBe(exitCode);
    expect((mapped as CliError).message).toContain(message);
  });

  it("leaves a bug a bug", () => {
    const bug = new TypeError("cannot read properties of undefined");
    expect(cliErrorOf(bug, "RsvpStateful")).toBe(bug);
  });
});

describe("reading a stack's outputs", () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const client = new CloudFormationClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  afterAll(() => {
    cloudFormation.restore();
    client.destroy();
  });

  it("asks DescribeStacks for the named stack and keeps its outputs by key", async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: "RsvpStateful" }).resolves({
      Stacks: [
        {
          StackName: "RsvpStateful",
          StackStatus: "UPDATE_ROLLBACK_COMPLETE",
          CreationTime: new Date(),
          Outputs: [{ OutputKey: "GuestTableName", OutputValue: "RsvpStateful-GuestTable-1" }],
        },
      ],
    });
    const outputs = await readStackOutputs(client, "RsvpStateful");
    expect(outputs.require("GuestTableName")).toBe("RsvpStateful-GuestTable-1");
    expect(() => outputs.require("AuditTableName")).toThrow(
      "stack RsvpStateful (UPDATE_ROLLBACK_COMPLETE) has no output AuditTableName: deploy this version of rsvp's stacks (npx cdk deploy --all)",
    );
  });
});
