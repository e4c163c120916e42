/** The SES receipt rule set's activation, owned by the stateless stack (see activateWithTheStack). */
import { RemovalPolicy, type Stack, Validations } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ReceiptRuleSet } from "aws-cdk-lib/aws-ses";
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from "aws-cdk-lib/custom-resources";

/**
 * Makes the rule set the account's active one (a region has one active rule set, and SES receives nothing
 * without it), and deactivates it when the stack goes, since SES refuses to delete the active rule set:
 * `cdk destroy` then `cdk deploy` works with no step by hand. Deploying takes over receiving from any rule
 * set that was active in the region before.
 */
export function activateWithTheStack(stack: Stack, receiving: ReceiptRuleSet): void {
  const call = (ruleSet?: string): AwsSdkCall => ({
    service: "SES",
    action: "SetActiveReceiptRuleSet",
    parameters: ruleSet ? { RuleSetName: ruleSet } : {},
    physicalResourceId: PhysicalResourceId.of(`${receiving.receiptRuleSetName}-active`),
  });
  const activation = new AwsCustomResource(stack, "ActivateReceiving", {
    onCreate: call(receiving.receiptRuleSetName),
    onUpdate: call(receiving.receiptRuleSetName),
    onDelete: call(),
    policy: AwsCustomResourcePolicy.fromStatements([
      new PolicyStatement({ actions: ["ses:SetActiveReceiptRuleSet"], resources: ["*"] }),
    ]),
    installLatestAwsSdk: false,
    logGroup: new LogGroup(stack, "ActivateReceivingLogs", {
      retention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
  });
  activation.node.addDependency(receiving);
  Validations.of(activation).acknowledge({
    id: "AwsSolutions-IAM5[Resource::*]",
    reason:
      "ses:SetActiveReceiptRuleSet supports no resource-level permission; the custom resource's role may " +
      "call that one action only, when the stack is deployed or deleted.",
  });
  // CDK's one provider function for every AwsCustomResource of the stack.
  const provider = stack.node.tryFindChild(
    `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, "")}`,
  );
  if (provider)
    Validations.of(provider).acknowledge(
      {
        id: "AwsSolutions-L1",
        reason: "The runtime of CDK's own AwsCustomResource provider is chosen by CDK, not by this app.",
      },
      {
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        reason: "CDK's AwsCustomResource provider writes its logs with the basic execution role.",
      },
    );
}
