/**
 * What a scenario helper set up in its beforeAll/beforeEach, or an error naming what is missing
 * (`the <owner>'s <what> is not started`) when a test file uses it outside a test.
 */
export const startedOr =
  (owner: string) =>
  <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${owner}'s ${what} is not started (use it inside a test)`);
    return value;
  };
