import { limits, passwordRuleMessages } from "@ssgbay/contract";
import { dictionary } from "@zxcvbn-ts/language-common";
import { HttpError } from "../http/errors.js";

// zxcvbn-ts's list of ~49,000 passwords most often found in breaches (lower case). Only those
// long enough to pass the length rule can ever match, so only they are kept (~1,600).
const commonPasswords = new Set(
  dictionary["passwords-common"].filter((word) => word.length >= limits.passwordMinLength),
);

/** Whether a password is on the bundled list of common passwords, ignoring case. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase());
}

/**
 * The rule the contract's schema cannot carry (the list stays on the server, out of the web
 * bundle): refuses a common password with the same VALIDATION_FAILED shape as the schema's.
 */
export function assertUncommonPassword(password: string): void {
  if (isCommonPassword(password)) {
    throw new HttpError("VALIDATION_FAILED", "The request is not valid.", [
      { field: "body.password", message: passwordRuleMessages.common },
    ]);
  }
}
