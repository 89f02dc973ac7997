/**
 * How a log line is printed: `pod container message` with the pod in its own colour, or one JSON
 * object per line. Pure: the caller decides whether colours are on.
 */

/** A line ready to print, with where it came from. */
export interface LogRecord {
  namespace: string;
  pod: string;
  container: string;
  node: string | undefined;
  timestamp: string | undefined;
  message: string;
}

/** How lines are printed. */
export interface LineFormat {
  output: 'human' | 'json';
  colour: boolean;
  timestamps: boolean;
  /** Prefix the pod with its namespace (-A, or a node across namespaces). */
  namespaces: boolean;
}

/** Foreground colours (SGR codes) for pods: the six hues, then their bright variants. */
export const POD_COLOURS = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96] as const;

/** FNV-1a, 32 bits: a stable hash of a name, the same on every run and machine. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The SGR colour of a pod: a function of its name alone, so it is the same on every run. */
export function podColour(pod: string): number {
  return POD_COLOURS[fnv1a(pod) % POD_COLOURS.length] ?? 36;
}

/**
 * Whether to colour: only on a terminal, and never when NO_COLOR is set to anything non-empty
 * (no-color.org) or for JSON.
 */
export function colourEnabled(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  output: 'human' | 'json',
): boolean {
  const noColour = env['NO_COLOR'];
  return output === 'human' && isTTY === true && (noColour === undefined || noColour === '');
}

/**
 * Escapes control characters (ESC, CR, NUL, C1 ...) so a log line cannot move the cursor, recolour
 * the terminal or hide text; a tab stays.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  });
}

function paint(text: string, sgr: number, on: boolean): string {
  return on ? `\u001b[${sgr}m${text}\u001b[0m` : text;
}

/** A message that is a JSON object (multiroute's pino lines) becomes that object. */
function messageValue(message: string): unknown {
  const trimmed = message.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return message;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? parsed
      : message;
  } catch {
    return message;
  }
}

/** One output line, newline included. */
export function formatLogLine(record: LogRecord, format: LineFormat): string {
  if (format.output === 'json') {
    return (
      JSON.stringify({
        namespace: record.namespace,
        pod: record.pod,
        container: record.container,
        node: record.node ?? null,
        timestamp: record.timestamp ?? null,
        message: messageValue(record.message),
      }) + '\n'
    );
  }
  const colour = podColour(record.pod);
  const pod = format.namespaces ? `${record.namespace}/${record.pod}` : record.pod;
  const parts = [paint(pod, colour, format.colour), paint(record.container, 2, format.colour)];
  if (format.timestamps && record.timestamp !== undefined) parts.push(record.timestamp);
  parts.push(escapeControl(record.message));
  return parts.join(' ') + '\n';
}
