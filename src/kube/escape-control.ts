/**
 * Makes untrusted text safe to print on a terminal: every C0 and C1 control character (ESC, OSC,
 * CR, LF, BEL, DEL, U+0080–U+009F) and the Unicode line and bidi overrides become visible escapes,
 * so a name from a manifest, a cluster or a command line cannot forge output lines, move the
 * cursor or retitle the terminal. Tab is kept. JSON and SARIF output escape on their own; every
 * human printer goes through this one function.
 */
export function escapeControl(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (char) => {
      const code = char.charCodeAt(0);
      if (char === '\n') return '\\n';
      if (char === '\r') return '\\r';
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
    },
  );
}
