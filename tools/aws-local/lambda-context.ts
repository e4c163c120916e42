import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

/** A Lambda context for one in-process invocation of `functionName`; handlers read little more than its presence. */
export function lambdaContext(functionName: string, region = "local"): Context {
  const arn = `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: arn,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
