import { describe, expect, it } from 'vitest';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  labelValueProblems,
  qualifiedNameProblems,
} from './name-rules.js';

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('name rules', () => {
  it('accepts valid names', () => {
    expect(dns1123LabelProblems('web-1')).toEqual([]);
    expect(dns1123SubdomainProblems('web.example-1')).toEqual([]);
    expect(qualifiedNameProblems('app.kubernetes.io/name')).toEqual([]);
    expect(labelValueProblems('')).toEqual([]);
    expect(labelValueProblems('My_value.1')).toEqual([]);
  });

  it('words a bad label as the API server does', () => {
    expect(dns1123LabelProblems('Web')).toEqual([LABEL_MSG]);
    expect(dns1123LabelProblems('a.b')).toEqual(['must not contain dots']);
    expect(dns1123LabelProblems('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('words a bad subdomain and qualified name', () => {
    expect(dns1123SubdomainProblems('-a')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(qualifiedNameProblems('/x')).toEqual(['prefix part must be non-empty']);
    expect(qualifiedNameProblems('a/b/c')).toHaveLength(1);
    expect(qualifiedNameProblems('x/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(labelValueProblems('-x')).toHaveLength(1);
  });

  it.each([
    ['a'.repeat(63), []],
    ['a'.repeat(64), ['name part must be no more than 63 bytes']],
    ['A_b.c-D', []],
    ['_a', [`name part ${QUALIFIED_MSG}`]],
    ['a b', [`name part ${QUALIFIED_MSG}`]],
    [`example.com/${'a'.repeat(63)}`, []],
    ['', ['name part must be non-empty', `name part ${QUALIFIED_MSG}`]],
  ])('should decide the qualified name %j at its length and character bounds', (name, problems) => {
    expect(qualifiedNameProblems(name)).toEqual(problems);
  });
});

const QUALIFIED_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
