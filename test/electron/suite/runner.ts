/**
 * A minimal test runner for the extension host (mocha is not a dependency):
 * runs scenarios in order, each with a deadline, prints TAP-like lines and
 * rejects when any failed, which makes @vscode/test-electron exit non-zero.
 */
export interface ScenarioContext {
  skip(reason: string): never;
}

export interface Scenario {
  name: string;
  timeoutMs?: number;
  run(context: ScenarioContext): Promise<void>;
}

class Skip extends Error {}

export async function runScenarios(scenarios: Scenario[]): Promise<void> {
  const context: ScenarioContext = {
    skip(reason) {
      throw new Skip(reason);
    },
  };
  const failures: string[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    const label = `${index + 1} - ${scenario.name}`;
    const started = Date.now();
    try {
      await withDeadline(scenario.run(context), scenario.timeoutMs ?? 60_000, scenario.name);
      console.log(`ok ${label} (${Date.now() - started} ms)`);
    } catch (error) {
      if (error instanceof Skip) {
        console.log(`ok ${label} # SKIP ${error.message}`);
        continue;
      }
      console.log(`not ok ${label}\n  ${error instanceof Error ? error.stack : String(error)}`);
      failures.push(scenario.name);
    }
  }
  console.log(`1..${scenarios.length}`);
  if (failures.length > 0) {
    throw new Error(`${failures.length} scenario(s) failed: ${failures.join('; ')}`);
  }
}

async function withDeadline(work: Promise<void>, timeoutMs: number, name: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
