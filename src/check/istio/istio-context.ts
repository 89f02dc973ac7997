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
  readonly of: (kind: string, group: string) => SourceObject[];
  readonly templates: PodTemplate[];
}

/** The destinations and routes of a VirtualService's http, tcp and tls routes. */
export function destinationsOf(vs: SourceObject): {
  destinations: Destination[];
  routes: { route: readonly unknown[]; field: FieldPath }[];
} {
  const destinations: Destination[] = [];
  const routes: { route: readonly unknown[]; field: FieldPath }[] = [];
  const spec = recordAt(vs.object, 'spec');
  for (const kind of ['http', 'tcp', 'tls'] as const) {
    arrayAt(spec, kind).forEach((r, i) => {
      const route = arrayAt(r, 'route');
      routes.push({ route, field: ['spec', kind, i, 'route'] });
      route.forEach((d, j) => {
        const destination = recordAt(d, 'destination');
        const host = stringAt(destination, 'host');
        if (host === undefined) return;
        destinations.push({
          host,
          subset: stringAt(destination, 'subset'),
          field: ['spec', kind, i, 'route', j, 'destination'],
        });
      });
      const mirror = recordAt(r, 'mirror');
      const mirrorHost = stringAt(mirror, 'host');
      if (mirrorHost !== undefined) {
        destinations.push({
          host: mirrorHost,
          subset: stringAt(mirror, 'subset'),
          field: ['spec', kind, i, 'mirror'],
        });
      }
    });
  }
  return { destinations, routes };
}

/** The subsets a DestinationRule defines. */
export function subsetsOf(dr: SourceObject): JsonRecord[] {
  return arrayAt(recordAt(dr.object, 'spec'), 'subsets').filter(isRecord);
}
