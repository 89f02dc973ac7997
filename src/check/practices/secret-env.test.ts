import { describe, expect, it } from 'vitest';
import { isSecretName, nameWords, secretLiteralReason } from './secret-env.js';

describe('nameWords', () => {
  it('should split snake, kebab, dotted and camel case', () => {
    expect(nameWords('DB_PASSWORD')).toEqual(['db', 'password']);
    expect(nameWords('dbPassword')).toEqual(['db', 'password']);
    expect(nameWords('spring.datasource-password')).toEqual(['spring', 'datasource', 'password']);
  });
});

describe('isSecretName', () => {
  it.each([
    'DB_PASS',
    'DB_PASSWORD',
    'PASSWORD',
    'GITHUB_TOKEN',
    'CLIENT_SECRET',
    'API_KEY',
    'STRIPE_API_KEY',
    'AWS_SECRET_ACCESS_KEY',
    'PRIVATE_KEY',
    'JWT_SECRET_BASE64',
    'dbPassword',
    'SMTP_CREDENTIALS',
  ])('should take %s for a credential', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'KEYCLOAK_URL',
    'TOKEN_TTL_SECONDS',
    'PASSWORD_MIN_LENGTH',
    'CACHE_KEY_PREFIX',
    'CACHE_KEY',
    'TURNKEY_ENABLED',
    'DB_PASS_FILE',
    'TLS_SECRET_NAME',
    'SECRET_DIR',
    'PASSPORT_STRATEGY',
    'BYPASS',
    'VERSION',
  ])('should not take %s for a credential', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  it('should judge a name the same when asked again (names are remembered)', () => {
    expect([isSecretName('DB_PASSWORD'), isSecretName('DB_PASSWORD')]).toEqual([true, true]);
    expect([isSecretName('VERSION'), isSecretName('VERSION')]).toEqual([false, false]);
  });
});

describe('secretLiteralReason', () => {
  it.each([
    ['DB_PASS', 'pass123', 'its name'],
    ['DATABASE_URL', 'postgres://app:hunter2@db:5432/app', 'a URL with a password'],
    ['SETTINGS', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', 'a private key'],
    ['AWS_ID', 'AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['GH', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'a GitHub token'],
    ['HEADER', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl', 'a JSON Web Token'],
  ])('should flag %s=%s as %s', (name, value, reason) => {
    expect(secretLiteralReason(name, value)).toBe(reason);
  });

  it.each([
    ['DB_PASS', ''],
    ['USE_TOKEN', 'true'],
    ['DATABASE_URL', 'postgres://db:5432/app'],
    ['TOKEN_TTL_SECONDS', '3600'],
    ['KEYCLOAK_URL', 'https://auth.example.com/realms/x'],
  ])('should pass %s=%s', (name, value) => {
    expect(secretLiteralReason(name, value)).toBeUndefined();
  });
});
