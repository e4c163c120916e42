#!/usr/bin/env node
import { runRsvp } from "./run.ts";

// Whatever rsvp creates (the database and its WAL, key files, exports) is for its owner only, whatever the
// umask of the shell or service manager that started it.
process.umask(0o077);

const status = await runRsvp(process.argv);
if (status !== undefined) process.exitCode = status;
