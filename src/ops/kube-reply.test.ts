import { describe, expect, it } from 'vitest';
import { pathTarget, replyProblem } from './kube-reply.js';

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
const DEPLOY = '/apis/apps/v1/namespaces/shop/deployments';

describe('pathTarget', () => {
  it.each([
    ['/api/v1/namespaces', { type: 'list' }],
    ['/api/v1/namespaces/shop', { type: 'object', name: 'shop' }],
    [DEPLOY, { type: 'list' }],
    [`${DEPLOY}/web/scale`, { type: 'object', name: 'web' }],
    ['/apis/apps/v1', { type: 'other' }],
  ])('should read %s', (path, expected) => {
    expect(pathTarget(path)).toEqual(expected);
  });
});

describe('replyProblem', () => {
  it.each([
    ['GET', `${DEPLOY}/web`, undefined, deployment, undefined],
    ['GET', DEPLOY, undefined, { kind: 'DeploymentList', items: [] }, undefined],
    ['PATCH', `${DEPLOY}/web`, JSON.stringify(deployment), deployment, undefined],
    ['DELETE', `${DEPLOY}/web`, undefined, { kind: 'Status', status: 'Success' }, undefined],
    ['GET', `${DEPLOY}/web`, undefined, 'web', 'it is not a JSON object'],
    ['GET', `${DEPLOY}/web`, undefined, [deployment], 'it is not a JSON object'],
    ['GET', DEPLOY, undefined, deployment, 'a list was asked for and it has no items array'],
    [
      'GET',
      DEPLOY,
      undefined,
      { kind: 'Deployment', items: [] },
      'a list was asked for, not a Deployment',
    ],
    [
      'GET',
      `${DEPLOY}/web`,
      undefined,
      { kind: 'DeploymentList', items: [] },
      'object "web" was asked for, not a list',
    ],
    [
      'GET',
      `${DEPLOY}/web`,
      undefined,
      { ...deployment, metadata: { name: 'db' } },
      'object "web" was asked for and "db" came back',
    ],
    [
      'PUT',
      `${DEPLOY}/web`,
      deployment,
      { kind: 'ConfigMap', metadata: { name: 'web' } },
      'a Deployment was sent and a ConfigMap came back',
    ],
    [
      'POST',
      DEPLOY,
      deployment,
      { kind: 'Status', status: 'Failure' },
      'it is a Failure Status with a success code',
    ],
  ])('should judge %s %s', (method, path, body, reply, expected) => {
    expect(replyProblem({ method, path, body }, reply)).toBe(expected);
  });
});
