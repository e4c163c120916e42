/**
 * Acknowledging cdk-nag findings one by one. cdk-nag v3 reports each wildcard of an IAM policy as its own
 * finding (`AwsSolutions-IAM5[Resource::<resource>]`) and matches an acknowledgment to it by exact id, so the
 * id is derived here from the resource as it will stand in the template: a finding acknowledged this way
 * covers that one resource, never a wildcard added later.
 */
import { Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/** cdk-nag's flat form of a CloudFormation value: joins joined, references as `<Name>` / `<Res.Attr>`. */
function flatten(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value.replace(/\$\{/g, "<").replace(/\}/g, ">");
  const node = value as Record<string, unknown>;
  if (node["Fn::Join"]) {
    const [delimiter, items] = node["Fn::Join"] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (node["Fn::Sub"]) return flatten(node["Fn::Sub"]);
  if (node["Fn::GetAtt"]) {
    const [resource, attribute] = node["Fn::GetAtt"] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (node["Fn::ImportValue"]) return flatten(node["Fn::ImportValue"]);
  if (node.Ref) return `<${flatten(node.Ref)}>`;
  return JSON.stringify(value);
}

/**
 * Acknowledges the AwsSolutions-IAM5 finding of one wildcard resource in the policies of `scope` (a role,
 * or a construct above it). `resource` must be written as the template will hold it: a value of another
 * stack as its import (`Stack.of(producer).exportValue(value)`), since that is what the finding names.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const finding = flatten(Stack.of(scope).resolve(resource));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${finding}]`, reason });
}
