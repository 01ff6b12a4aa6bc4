import * as z from "zod/mini";

/*
 * Rules for text that other users see. They are plain `z.regex` checks so the OpenAPI document
 * carries them as `pattern`s; they use only `\xXX`/`\uXXXX` ranges (no `\p{…}` classes, no flags) so
 * every JSON-Schema tool, including Python's `re`, reads them the same way.
 *
 * - Control characters: C0 (U+0000–001F, which holds NUL and the ESC of ANSI sequences), DEL and
 *   C1 (U+007F–009F). A description may keep tab, line feed and carriage return (browsers send a
 *   textarea's line breaks as CR LF); a title or nickname is one line and keeps none of them,
 *   nor the line and paragraph separators U+2028/2029.
 * - Bidirectional formatting: the embeddings and overrides U+202A–202E, the isolates
 *   U+2066–2069 and the marks U+200E/200F/061C. They reorder what is shown after them (a
 *   nickname `‮gnp.exe` displays as `exe.png`), so none is allowed anywhere.
 * - Visible text: a title, a nickname and a non-empty description need at least one character
 *   that is not white space, a zero-width or other invisible format character, or a Hangul or
 *   Braille blank. Zero-width joiners inside visible text stay allowed: emoji sequences such as
 *   👨‍👩‍👧 are made with them.
 */

const bidiControls = "\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069";

/** One line of text: no control, line-separator or bidirectional-formatting character. */
export const singleLinePattern = new RegExp(
  `^[^\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029${bidiControls}]*$`,
);

/** Text with line breaks and tabs: no other control or bidirectional-formatting character. */
export const multiLinePattern = new RegExp(
  `^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F${bidiControls}]*$`,
);

/** Characters that show nothing by themselves. */
const invisible =
  "\\s\\xAD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F" +
  "\\u202A-\\u202E\\u2060-\\u206F\\u2800\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0";

/** Holds at least one visible character (unanchored: a match anywhere is enough). */
export const visiblePattern = new RegExp(`[^${invisible}]`);

/** Empty, or holding at least one visible character. */
export const emptyOrVisiblePattern = new RegExp(`^$|${visiblePattern.source}`);

export const singleLineText = z.regex(singleLinePattern, "has control characters");

export const multiLineText = z.regex(multiLinePattern, "has control characters");

export const visibleText = z.regex(visiblePattern, "must show a character");

export const emptyOrVisibleText = z.regex(emptyOrVisiblePattern, "must show a character");
