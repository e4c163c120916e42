/**
 * Permission to call the assistant's model, and nothing else of Bedrock. Converse is authorized as
 * `bedrock:InvokeModel` on the id it is called with and, for a cross-Region inference profile, on the
 * foundation model in each Region the profile may route to: a global profile names the model without a Region
 * (`arn:aws:bedrock:::foundation-model/…`), a geographic one in each of its Regions. The foundation-model grants
 * hold only through the profile (`bedrock:InferenceProfileArn`), so the role cannot call the model directly.
 */
import { Stack } from "aws-cdk-lib";
import { PolicyStatement, type Role } from "aws-cdk-lib/aws-iam";
import { acknowledgeWildcardResource } from "./nag.ts";

/** The Region prefixes of Bedrock's system-defined (cross-Region) inference profiles. */
const profilePrefix = /^(global|us|us-gov|eu|apac|jp|au|ca)\.(.+)$/;

/** What a model id names: a foundation model, a cross-Region inference profile, or an ARN of either. */
type ModelTarget =
  | { kind: "model"; modelId: string }
  | { kind: "profile"; profileId: string; modelId: string; global: boolean }
  | { kind: "arn"; arn: string; profile: { profileId: string; modelId: string; global: boolean } | null };

/** Reads a configured model id (see contracts/assistant.ts). */
function modelTarget(id: string): ModelTarget {
  if (id.startsWith("arn:")) {
    const m = /:inference-profile\/(.+)$/.exec(id);
    const p = m ? profilePrefix.exec(m[1]!) : null;
    return {
      kind: "arn",
      arn: id,
      profile: p ? { profileId: m![1]!, modelId: p[2]!, global: p[1] === "global" } : null,
    };
  }
  const p = profilePrefix.exec(id);
  if (p) return { kind: "profile", profileId: id, modelId: p[2]!, global: p[1] === "global" };
  return { kind: "model", modelId: id };
}

/**
 * Lets `role` call `modelId` with Converse (InvokeModel), scoped to that model or inference profile and the
 * foundation model it routes to. `why` says what calls it, for the acknowledgment of a Region wildcard.
 */
export function grantInvokeModel(role: Role, modelId: string, why: string): void {
  const stack = Stack.of(role);
  const foundationModel = (model: string, region: string) =>
    stack.formatArn({
      service: "bedrock",
      region,
      account: "",
      resource: "foundation-model",
      resourceName: model,
    });
  const target = modelTarget(modelId);
  const profile =
    target.kind === "profile"
      ? {
          ...target,
          arn: stack.formatArn({
            service: "bedrock",
            resource: "inference-profile",
            resourceName: target.profileId,
          }),
        }
      : target.kind === "arn" && target.profile
        ? { ...target.profile, arn: target.arn }
        : null;

  if (!profile) {
    // A foundation model in this Region, or an ARN given as it is (an application inference profile's
    // models are not known here: grant them by hand).
    const arn =
      target.kind === "model"
        ? foundationModel(target.modelId, stack.region)
        : (target as { arn: string }).arn;
    role.addToPolicy(new PolicyStatement({ actions: ["bedrock:InvokeModel"], resources: [arn] }));
    return;
  }
  role.addToPolicy(new PolicyStatement({ actions: ["bedrock:InvokeModel"], resources: [profile.arn] }));
  // The profile picks the destination Region per request; which Regions a profile holds changes over time.
  const anyRegion = foundationModel(profile.modelId, "*");
  const models = profile.global ? [anyRegion, foundationModel(profile.modelId, "")] : [anyRegion];
  role.addToPolicy(
    new PolicyStatement({
      actions: ["bedrock:InvokeModel"],
      resources: models,
      conditions: { StringEquals: { "bedrock:InferenceProfileArn": profile.arn } },
    }),
  );
  acknowledgeWildcardResource(
    role,
    anyRegion,
    `${why} calls one model through a cross-Region inference profile, which routes each request to a Region ` +
      "of its own choosing; the grant names that one model, and holds only through that profile " +
      "(bedrock:InferenceProfileArn).",
  );
}
