import type { z } from "zod";

/** Thrown when environment configuration is invalid; `problems` holds one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/**
 * Parses `env` with a zod object schema whose keys are variable names, reporting every problem
 * at once as `NAME: rule` lines. Values of variables are never echoed, since some are secrets.
 */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  env: NodeJS.ProcessEnv,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.length > 0 ? issue.path.map(String).join(".") : "environment";
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** Runs `main`, turning a ConfigError into its lines on stderr and exit code 1. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) process.stderr.write(`${line}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${message.split("\n")[0]}\n`);
    }
    process.exitCode = 1;
  }
}
