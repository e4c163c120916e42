/** The CDK CLI's entry (cdk.json): `npx cdk synth`, `npx cdk deploy --all -c senderAddress=… …`. */
import { App } from "aws-cdk-lib";
import { buildRsvpApp } from "./rsvp-app.ts";

buildRsvpApp(new App());
