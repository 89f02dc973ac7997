import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import { type Finding, findingFor } from '../finding.js';
import {
  type JsonRecord,
  arrayAt,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import { labelMapMatches } from '../../kube/label-selector.js';
import { containersOf, nameOf } from '../pod-templates.js';
import {
  SERVICE_SELECTOR_UNMATCHED,
  TARGET_PORT_UNKNOWN,
  BACKEND_SERVICE_MISSING,
  BACKEND_PORT_MISSING,
} from './references-rules.js';
import type { ObjectIndex } from './object-index.js';
import { podLabels } from './object-index.js';

/** A Service's selector and target ports against the pod templates it should select. */
export function checkService(
  source: SourceObject,
  index: ObjectIndex,
  ns: string,
  out: Finding[],
): void {
  const spec = recordAt(source.object, 'spec');
  const selector = stringMapAt(spec, 'selector');
  if (Object.keys(selector).length === 0 || stringAt(spec, 'type') === 'ExternalName') return;
  if (index.templatesIn(ns).length === 0) return;
  const selected = index
    .candidates(ns, selector)
    .filter((t) => labelMapMatches(selector, podLabels(t)));
  if (selected.length === 0) {
    out.push(
      findingFor(
        source,
        SERVICE_SELECTOR_UNMATCHED,
        `selector ${JSON.stringify(selector)} matches no pod template in namespace "${ns}"`,
        'Make spec.selector equal to (a subset of) the pod template labels of the workload behind the Service.',
        ['spec', 'selector'],
      ),
    );
    return;
  }
  arrayAt(spec, 'ports').forEach((port, i) => {
    const target = stringAt(port, 'targetPort');
    if (target === undefined) return;
    for (const template of selected) {
      const names = containersOf(template)
        .filter((c) => c.list === 'containers')
        .flatMap((c) => arrayAt(c.container, 'ports').map((p) => stringAt(p, 'name')));
      if (names.includes(target)) continue;
      out.push(
        findingFor(
          source,
          TARGET_PORT_UNKNOWN,
          `targetPort "${target}" is not a named container port of ${template.kind} "${nameOf(template.source)}"`,
          `Name a container port "${target}" in that pod template, or use the port number as targetPort.`,
          ['spec', 'ports', i, 'targetPort'],
        ),
      );
    }
  });
}

function servicePortMatches(
  service: SourceObject,
  port: { number?: number; name?: string },
): boolean {
  return arrayAt(recordAt(service.object, 'spec'), 'ports').some((p) =>
    port.name !== undefined
      ? stringAt(p, 'name') === port.name
      : numberAt(p, 'port') === port.number,
  );
}

function checkBackend(
  source: SourceObject,
  index: ObjectIndex,
  ns: string,
  name: string,
  port: { number?: number; name?: string } | undefined,
  field: FieldPath,
  out: Finding[],
): void {
  const service = index.find(ns, 'Service', name);
  if (service === undefined) {
    if (!index.manages(ns, 'Service')) return;
    out.push(
      findingFor(
        source,
        BACKEND_SERVICE_MISSING,
        `backend Service "${name}" does not exist in namespace "${ns}"`,
        'Fix the Service name, or add the Service to the manifests.',
        field,
      ),
    );
    return;
  }
  if (port === undefined) {
    out.push(
      findingFor(
        source,
        BACKEND_PORT_MISSING,
        `backend Service "${name}" is referenced without a port`,
        'Give the Service port the route should use.',
        field,
      ),
    );
    return;
  }
  if (servicePortMatches(service, port)) return;
  out.push(
    findingFor(
      source,
      BACKEND_PORT_MISSING,
      `Service "${name}" has no port ${port.name !== undefined ? `named "${port.name}"` : String(port.number)}`,
      `Use one of the Service's spec.ports (${arrayAt(recordAt(service.object, 'spec'), 'ports')
        .map((p) => String(numberAt(p, 'port')))
        .join(', ')}).`,
      field,
    ),
  );
}

function ingressPort(
  backendService: JsonRecord | undefined,
): { number?: number; name?: string } | undefined {
  const port = recordAt(backendService, 'port');
  if (port === undefined) return undefined;
  const name = stringAt(port, 'name');
  const number = numberAt(port, 'number');
  return name !== undefined ? { name } : number !== undefined ? { number } : undefined;
}

/** An Ingress's backends against the Services and ports of its namespace. */
export function checkIngress(
  source: SourceObject,
  index: ObjectIndex,
  ns: string,
  out: Finding[],
): void {
  const spec = recordAt(source.object, 'spec');
  const visit = (backend: JsonRecord | undefined, field: FieldPath): void => {
    const service = recordAt(backend, 'service');
    const name = stringAt(service, 'name');
    if (name === undefined) return;
    checkBackend(source, index, ns, name, ingressPort(service), [...field, 'service'], out);
  };
  visit(recordAt(spec, 'defaultBackend'), ['spec', 'defaultBackend']);
  arrayAt(spec, 'rules').forEach((r, i) => {
    arrayAt(recordAt(r, 'http'), 'paths').forEach((p, j) => {
      visit(recordAt(p, 'backend'), ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
    });
  });
}

/** An HTTPRoute's backends against the Services and ports of its namespace. */
export function checkHttpRoute(
  source: SourceObject,
  index: ObjectIndex,
  ns: string,
  out: Finding[],
): void {
  arrayAt(recordAt(source.object, 'spec'), 'rules').forEach((r, i) => {
    arrayAt(r, 'backendRefs').forEach((ref, j) => {
      if (
        (stringAt(ref, 'group') ?? '') !== '' ||
        (stringAt(ref, 'kind') ?? 'Service') !== 'Service'
      ) {
        return;
      }
      const name = stringAt(ref, 'name');
      if (name === undefined) return;
      const port = numberAt(ref, 'port');
      checkBackend(
        source,
        index,
        stringAt(ref, 'namespace') ?? ns,
        name,
        port === undefined ? undefined : { number: port },
        ['spec', 'rules', i, 'backendRefs', j],
        out,
      );
    });
  });
}
