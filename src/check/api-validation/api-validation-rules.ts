import { ruleDocsOf } from '../finding.js';

/** The family name of the API server's own validation rules. */
export const FAMILY = 'api-validation';

const rule = ruleDocsOf(FAMILY);

/** The one rule of the family: the API server would reject the object. */
export const API_INVALID = rule(
  'api-invalid',
  'error',
  'The API server would reject the object (its validation code, beyond the OpenAPI schema)',
  "The OpenAPI schema is only part of what the API server checks: the rest is its validation code, which refuses a Deployment whose selector does not match its template's labels, a port out of range, a Job whose pods restart `Always`, and many more. kprod runs those rules offline, for the `--kube-version` given, and reports each with the API server's own field path and wording, so `kubectl apply` would print the same error.",
  `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: webb } }
    spec:
      containers:
        - { name: app, image: registry.example/web:1.0 }
`,
);

/** The rules of the family. */
export const RULES = [API_INVALID];
