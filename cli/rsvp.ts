#!/usr/bin/env node
import { runRsvp } from "./run.ts";

const status = await runRsvp(process.argv);
if (status !== undefined) process.exitCode = status;
