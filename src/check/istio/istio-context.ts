import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import { type CheckInput } from '../finding.js';
import { type JsonRecord, arrayAt, isRecord, recordAt, stringAt } from '../../kube/field-access.js';
import { type PodTemplate } from '../pod-templates.js';

/** A route destination (or mirror) of a VirtualService, with its field. */
export interface Destination {
  readonly host: string;
  readonly subset?: string | undefined;
  readonly field: FieldPath;
}

/** The input of the Istio checks, with its lookups. */
export interface Context {
  readonly input: CheckInput;
  readonly ns: (o: SourceObject) => string;
  /** The objects of a kind and API group, in input order. */
  readonly of: (kind: string, group: string) => readonly SourceObject[];
  /** The pod templates of the input (PodTemplate objects left out). */
  readonly templates: readonly PodTemplate[];
}

/** The objects of `list` by a key, in input order. */
export function groupBy(
  list: readonly SourceObject[],
  keyOf: (o: SourceObject) => string,
): Map<string, SourceObject[]> {
  const groups = new Map<string, SourceObject[]>();
  for (const o of list) {
    const key = keyOf(o);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [o]);
    else group.push(o);
  }
  return groups;
}

/** A route of a VirtualService, with its field. */
export interface Route {
  readonly route: readonly unknown[];
  readonly field: FieldPath;
}

/** The route lists of a VirtualService. */
export const ROUTE_KINDS = ['http', 'tcp', 'tls'] as const;

/** The destinations and routes of a VirtualService's http, tcp and tls routes. */
export function destinationsOf(vs: SourceObject): {
  destinations: Destination[];
  routes: Route[];
} {
  const destinations: Destination[] = [];
  const routes: Route[] = [];
  const spec = recordAt(vs.object, 'spec');
  for (const kind of ROUTE_KINDS) {
    const rules = arrayAt(spec, kind);
    for (let i = 0; i < rules.length; i += 1) {
      const r = rules[i];
      const route = arrayAt(r, 'route');
      routes.push({ route, field: ['spec', kind, i, 'route'] });
      for (let j = 0; j < route.length; j += 1) {
        const destination = recordAt(route[j], 'destination');
        const host = stringAt(destination, 'host');
        if (host === undefined) continue;
        destinations.push({
          host,
          subset: stringAt(destination, 'subset'),
          field: ['spec', kind, i, 'route', j, 'destination'],
        });
      }
      const mirror = recordAt(r, 'mirror');
      const mirrorHost = stringAt(mirror, 'host');
      if (mirrorHost !== undefined) {
        destinations.push({
          host: mirrorHost,
          subset: stringAt(mirror, 'subset'),
          field: ['spec', kind, i, 'mirror'],
        });
      }
    }
  }
  return { destinations, routes };
}

/** The subsets a DestinationRule defines. */
export function subsetsOf(dr: SourceObject): JsonRecord[] {
  return arrayAt(recordAt(dr.object, 'spec'), 'subsets').filter(isRecord);
}
