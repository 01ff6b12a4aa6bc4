import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** Values for some of the variables an app's env schema declares, by the schema's own names. */
export type EnvValues<Schema extends z.ZodObject> = {
  [Name in keyof Schema["shape"]]?: pulumi.Input<string>;
};

/**
 * Environment variables for an app, each value checked by the rule the app itself parses it
 * with (at once for plain text, once known for outputs), so the program cannot hand an app a
 * variable it would refuse to start with. Problems name the variable, never its value.
 */
export function envVariables<Schema extends z.ZodObject>(
  schema: Schema,
  values: EnvValues<Schema>,
): Record<string, pulumi.Input<string>> {
  const checked: Record<string, pulumi.Input<string>> = {};
  for (const [name, value] of Object.entries(values) as [string, pulumi.Input<string>][]) {
    const rule: z.ZodType | undefined = schema.shape[name];
    if (!rule) throw new Error(`${name} is not a variable of this app`);
    const check = (text: string): string => {
      const result = rule.safeParse(text);
      if (!result.success) {
        throw new Error(`${name}: ${result.error.issues.map((issue) => issue.message).join("; ")}`);
      }
      return text;
    };
    checked[name] = typeof value === "string" ? check(value) : pulumi.output(value).apply(check);
  }
  return checked;
}
