/** The Ingress and IngressClass rules of the API server (networking validation). */
import { arrayAt, isRecord, type JsonRecord, recordAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import {
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../field-errors.js';
import type { KindValidator, ValidationContext } from '../kind-validator.js';
import { dns1123LabelProblems, dns1123SubdomainProblems } from '../shared/name-rules.js';
import { isIpAddress } from '../shared/network-addresses.js';
import { invalidPrinted } from '../shared/network-field-errors.js';
import {
  dns1035LabelProblems,
  pathSegmentNameProblems,
  wildcardDns1123SubdomainProblems,
} from '../shared/network-names.js';
import { portNameProblems, portNumberProblems } from '../shared/ports.js';
import { gateEnabled } from '../shared/feature-gates.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function each(path: FieldPath, value: string, problems: readonly string[]): FieldError[] {
  return problems.map((msg) => invalid(path, value, msg));
}

function hostProblems(host: string): string[] {
  return host.includes('*')
    ? wildcardDns1123SubdomainProblems(host)
    : dns1123SubdomainProblems(host);
}

/** Service backend names: DNS labels since 1.36 (RelaxedServiceNameValidation), DNS-1035 before. */
function serviceNameProblems(name: string, kubeVersion: string): string[] {
  return gateEnabled('RelaxedServiceNameValidation', kubeVersion)
    ? dns1123LabelProblems(name)
    : dns1035LabelProblems(name);
}

function validateTypedReference(ref: JsonRecord, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const group = ref['apiGroup'];
  if (typeof group === 'string') {
    errs.push(...each([...path, 'apiGroup'], group, dns1123SubdomainProblems(group)));
  }
  for (const key of ['kind', 'name']) {
    const value = str(ref[key]);
    if (value === '') errs.push(required([...path, key]));
    else errs.push(...each([...path, key], value, pathSegmentNameProblems(value)));
  }
  return errs;
}

function validateServicePort(port: JsonRecord | undefined, path: FieldPath): FieldError[] {
  const name = str(port?.['name']);
  const number = typeof port?.['number'] === 'number' ? port['number'] : 0;
  if (name !== '' && number !== 0) {
    return [invalid(path, '', 'cannot set both port name & port number')];
  }
  if (name !== '') return each([...path, 'service', 'port', 'name'], name, portNameProblems(name));
  if (number !== 0) {
    return portNumberProblems(number).map((msg) =>
      invalid([...path, 'service', 'port', 'number'], number, msg),
    );
  }
  return [required(path, 'port name or number is required')];
}

function validateBackend(backend: unknown, path: FieldPath, kubeVersion: string): FieldError[] {
  const resource = recordAt(backend, 'resource');
  const service = recordAt(backend, 'service');
  if (resource !== undefined && service !== undefined) {
    return [invalid(path, '', 'cannot set both resource and service backends')];
  }
  if (resource !== undefined) return validateTypedReference(resource, [...path, 'resource']);
  if (service === undefined) return [invalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = str(service['name']);
  if (name === '') errs.push(required([...path, 'service', 'name']));
  else {
    errs.push(...each([...path, 'service', 'name'], name, serviceNameProblems(name, kubeVersion)));
  }
  errs.push(...validateServicePort(recordAt(service, 'port'), path));
  return errs;
}

function validatePath(entry: unknown, path: FieldPath, kubeVersion: string): FieldError[] {
  if (!isRecord(entry)) return [];
  const type = entry['pathType'];
  if (type === undefined || type === null) {
    return [required([...path, 'pathType'], 'pathType must be specified')];
  }
  const errs: FieldError[] = [];
  const value = str(entry['path']);
  const at: FieldPath = [...path, 'path'];
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalid(at, value, 'must be an absolute path'));
    for (const seq of BAD_SEQUENCES) {
      if (value.includes(seq)) errs.push(invalid(at, value, `must not contain '${seq}'`));
    }
    for (const suffix of BAD_SUFFIXES) {
      if (value.endsWith(suffix)) errs.push(invalid(at, value, `cannot end with '${suffix}'`));
    }
  } else if (type === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/')) {
      errs.push(invalid(at, value, 'must be an absolute path'));
    }
  } else if (typeof type === 'string') {
    errs.push(notSupported([...path, 'pathType'], type, PATH_TYPES));
  }
  errs.push(...validateBackend(entry['backend'] ?? {}, [...path, 'backend'], kubeVersion));
  return errs;
}

function validateRule(rule: unknown, path: FieldPath, kubeVersion: string): FieldError[] {
  if (!isRecord(rule)) return [];
  const errs: FieldError[] = [];
  const host = str(rule['host']);
  if (host !== '') {
    if (isIpAddress(host)) {
      errs.push(invalid([...path, 'host'], host, 'must be a DNS name, not an IP address'));
    }
    errs.push(...each([...path, 'host'], host, hostProblems(host)));
  }
  const http = recordAt(rule, 'http');
  if (http !== undefined) {
    const paths = arrayAt(http, 'paths');
    if (paths.length === 0) errs.push(required([...path, 'http', 'paths']));
    paths.forEach((entry, i) => {
      errs.push(...validatePath(entry, [...path, 'http', 'paths', i], kubeVersion));
    });
  }
  return errs;
}

/** Every rule of `ValidateIngressCreate` but the object metadata. */
export function validateIngress(object: JsonRecord, context: ValidationContext): FieldError[] {
  const spec = recordAt(object, 'spec') ?? {};
  const errs: FieldError[] = [];
  const rules = arrayAt(spec, 'rules');
  const defaultBackend = recordAt(spec, 'defaultBackend');
  if (rules.length === 0 && defaultBackend === undefined) {
    errs.push(
      invalidPrinted(['spec'], 'null', 'either `defaultBackend` or `rules` must be specified'),
    );
  }
  if (defaultBackend !== undefined) {
    errs.push(...validateBackend(defaultBackend, ['spec', 'defaultBackend'], context.kubeVersion));
  }
  rules.forEach((rule, i) =>
    errs.push(...validateRule(rule, ['spec', 'rules', i], context.kubeVersion)),
  );
  arrayAt(spec, 'tls').forEach((tls, i) => {
    arrayAt(tls, 'hosts').forEach((host, j) => {
      const text = str(host);
      errs.push(...each(['spec', 'tls', i, 'hosts', j], text, hostProblems(text)));
    });
    const secret = str(isRecord(tls) ? tls['secretName'] : undefined);
    if (secret !== '') {
      errs.push(
        ...each(['spec', 'tls', i, 'secretName'], secret, dns1123SubdomainProblems(secret)),
      );
    }
  });
  const className = spec['ingressClassName'];
  if (typeof className === 'string') {
    errs.push(
      ...each(['spec', 'ingressClassName'], className, dns1123SubdomainProblems(className)),
    );
  }
  const annotation = recordAt(recordAt(object, 'metadata'), 'annotations')?.[
    INGRESS_CLASS_ANNOTATION
  ];
  if (typeof annotation === 'string' && typeof className === 'string' && annotation !== className) {
    errs.push(
      invalid(
        ['annotations', INGRESS_CLASS_ANNOTATION],
        annotation,
        'must match `ingressClassName` when both are specified',
      ),
    );
  }
  return errs;
}

const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

function validateController(controller: string): FieldError[] {
  const path: FieldPath = ['spec', 'controller'];
  const errs: FieldError[] = [];
  if (controller.length > 250) errs.push(tooLong(path, 'may not be more than 250 bytes'));
  if (controller === '') return [...errs, required(path)];
  const slash = controller.indexOf('/');
  const host = slash < 0 ? '' : controller.slice(0, slash);
  const rest = slash < 0 ? '' : controller.slice(slash + 1);
  if (host === '' || rest === '') {
    return [
      ...errs,
      invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")'),
    ];
  }
  errs.push(...each(path, host, dns1123SubdomainProblems(host)));
  if (!HTTP_PATH.test(rest)) {
    errs.push(
      invalid(
        path,
        rest,
        "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')",
      ),
    );
  }
  return errs;
}

function validateParameters(params: JsonRecord): FieldError[] {
  const path: FieldPath = ['spec', 'parameters'];
  const errs = validateTypedReference(params, path);
  // The v1 API defaults an absent scope to Cluster.
  const scope = params['scope'] ?? 'Cluster';
  const namespace = params['namespace'];
  if (scope !== 'Namespace' && scope !== 'Cluster') {
    errs.push(notSupported([...path, 'scope'], scope, ['Cluster', 'Namespace']));
  } else if (scope === 'Namespace') {
    if (typeof namespace !== 'string') {
      errs.push(required([...path, 'namespace'], "`parameters.scope` is set to 'Namespace'"));
    } else errs.push(...each([...path, 'namespace'], namespace, dns1123LabelProblems(namespace)));
  } else if (namespace !== undefined && namespace !== null) {
    errs.push(forbidden([...path, 'namespace'], "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

/** Every rule of `ValidateIngressClass` but the object metadata. */
export function validateIngressClass(object: JsonRecord): FieldError[] {
  const spec = recordAt(object, 'spec') ?? {};
  const errs = validateController(str(spec['controller']));
  const params = recordAt(spec, 'parameters');
  if (params !== undefined) errs.push(...validateParameters(params));
  return errs;
}

/** The Ingress validator. */
export const INGRESS_VALIDATOR: KindValidator = {
  group: 'networking.k8s.io',
  kind: 'Ingress',
  validate: validateIngress,
};

/** The IngressClass validator. */
export const INGRESS_CLASS_VALIDATOR: KindValidator = {
  group: 'networking.k8s.io',
  kind: 'IngressClass',
  validate: validateIngressClass,
};
