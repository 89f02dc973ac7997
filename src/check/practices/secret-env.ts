/**
 * Decides whether an `env` entry carries a credential in plain text, from the words of its name
 * and from the shape of its value. Names are split into words (`DB_PASSWORD`, `dbPassword`,
 * `db-password` all give `db password`) and only the last word counts, so `PASSWORD_MIN_LENGTH`,
 * `TOKEN_TTL_SECONDS`, `CACHE_KEY_PREFIX`, `KEYCLOAK_URL` or `DB_PASS_FILE` are settings about a
 * secret, not secrets.
 */

/** Last words that name a credential on their own. */
const SECRET_WORDS = new Set([
  'pass',
  'passwd',
  'password',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'credential',
  'credentials',
  'apikey',
  'privatekey',
]);

/** Words that make a following `key` a credential: `API_KEY`, `AWS_SECRET_ACCESS_KEY`. */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'auth',
  'client',
  'encryption',
  'license',
  'master',
  'private',
  'secret',
  'signing',
]);

/** Trailing words that only say how a secret is encoded: `JWT_SECRET_BASE64`. */
const ENCODING_WORDS = new Set(['b64', 'base64', 'hex', 'pem', 'value']);

/** Literal values that are a credential whatever the variable is called, with what they are. */
const SECRET_VALUES: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, 'a URL with a password'],
  [/^AKIA[0-9A-Z]{16}$/, 'an AWS access key id'],
  [/^(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})$/, 'a GitHub token'],
  [/^glpat-[A-Za-z0-9_-]{20,}$/, 'a GitLab token'],
  [/^xox[abposr]-[A-Za-z0-9-]{10,}$/, 'a Slack token'],
  [/^[rs]k_live_[A-Za-z0-9]{16,}$/, 'a Stripe key'],
  [/^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+$/, 'a JSON Web Token'],
];

/** Values a secret-named switch may hold without holding a secret. */
const NOT_A_SECRET = /^(true|false|yes|no|on|off|enabled|disabled|none)$/i;

/** Splits a variable name into lower-case words at `_`, `-`, `.` and camelCase boundaries. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** Names already judged: the same few variables (`MODE`, `PORT`) recur in every workload. */
const judgedNames = new Map<string, boolean>();

/** True when the words of `name` end in a credential noun (`DB_PASSWORD`, `STRIPE_API_KEY`). */
export function isSecretName(name: string): boolean {
  let judged = judgedNames.get(name);
  if (judged === undefined) {
    judged = endsInCredentialNoun(name);
    // Bounded: input full of distinct names starts the memo again rather than grow it.
    if (judgedNames.size >= 4096) judgedNames.clear();
    judgedNames.set(name, judged);
  }
  return judged;
}

function endsInCredentialNoun(name: string): boolean {
  const words = nameWords(name);
  while (words.length > 1 && ENCODING_WORDS.has(words.at(-1) ?? '')) words.pop();
  const last = words.at(-1);
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return true;
  return last === 'key' && (words.length === 1 || KEY_QUALIFIERS.has(words.at(-2) ?? ''));
}

/**
 * Why a literal `value` of env var `name` looks like a credential, or undefined when it does not:
 * `'its name'` for a credential name, else what the value is (`'a URL with a password'`).
 */
export function secretLiteralReason(name: string, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  for (const [pattern, what] of SECRET_VALUES) if (pattern.test(trimmed)) return what;
  if (NOT_A_SECRET.test(trimmed)) return undefined;
  return isSecretName(name) ? 'its name' : undefined;
}
