/** Characters that change what a terminal or a log viewer shows: C0, DEL, C1 and line separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Makes text from a config file or a request safe to quote in an error or a log line: control
 * characters become `\xHH` (or `\uHHHH`) escapes, and text longer than `max` characters is cut
 * with a note of how much was left out, so a file given by mistake is never echoed whole.
 */
export function escapeExcerpt(text: string, max = 80): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const escaped = cut.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return text.length > max ? `${escaped}… (${text.length - max} more characters)` : escaped;
}
