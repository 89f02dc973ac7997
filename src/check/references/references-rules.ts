import { ruleDocsOf } from '../finding.js';

/** The family name of the cross-reference rules. */
export const FAMILY = 'references';

const FALSE_ALARMS = `To avoid false alarms for objects created outside the input (Secrets made by a CI step, Services of another team), a missing object is only reported when the input contains at least one object of the referenced kind in the referenced namespace: then the input is taken to manage that kind there. Likewise, "selects nothing" is only reported for a namespace in which the input has pod templates.`;

const ABSENT_IS_WARNING =
  'A missing key of an object the input defines is an error. An object the input does not define at all is a warning: controllers, operators (cert-manager, database operators) and the workloads of the input itself may create it at run time, so check that something does before the pods start.';

const rule = ruleDocsOf(FAMILY);

/** The cross-reference rules. */
export const SERVICE_SELECTOR_UNMATCHED = rule(
  'service-selector-unmatched',
  'warning',
  'Service selector matches no pod template',
  `The Service's \`spec.selector\` matches the labels of no pod template (Pod, Deployment, StatefulSet, …) in its namespace, so it has no endpoints and every connection fails. Services without a selector (manual Endpoints, ExternalName) are skipped. ${FALSE_ALARMS}`,
  `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { app: wbe }   # the pods are labelled app: web\n  ports: [{ port: 80, targetPort: http }]\n`,
);
export const TARGET_PORT_UNKNOWN = rule(
  'service-target-port-unknown',
  'error',
  'Service targetPort name is not a container port of the selected pods',
  'A named `targetPort` is looked up in the `ports[].name` of the containers of each selected pod; a pod without it gets no endpoint for that port.',
  `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80, targetPort: http }]   # containers name their port "web"\n`,
);
export const BACKEND_SERVICE_MISSING = rule(
  'backend-service-missing',
  'error',
  'Ingress or HTTPRoute backend Service does not exist',
  `An Ingress backend (\`service.name\`, also \`defaultBackend\`) or an HTTPRoute \`backendRefs\` entry (kind Service) names a Service that is not in the input; the route answers 503. ${FALSE_ALARMS}`,
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }\nspec:\n  rules:\n    - http:\n        paths:\n          - { path: /, pathType: Prefix, backend: { service: { name: wbe, port: { number: 80 } } } }\n`,
);
export const BACKEND_PORT_MISSING = rule(
  'backend-port-missing',
  'error',
  'Ingress or HTTPRoute backend port is not a port of the Service',
  'The backend port (number, or name for Ingress) is not among the `spec.ports` of the Service it names; the controller has no upstream for it. HTTPRoute backendRefs to a Service must give a port.',
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }\nspec:\n  rules:\n    - http:\n        paths:\n          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 8080 } } } }\n# Service web only exposes port 80\n`,
);
export const CONFIGMAP_REF_MISSING = rule(
  'configmap-ref-missing',
  'error',
  'Referenced ConfigMap or key does not exist',
  `A pod template refers to a ConfigMap (volume, projected volume, \`envFrom\`, \`env[].valueFrom.configMapKeyRef\`) or to a key of it that the input does not define, without \`optional: true\`. The pod then stays in ContainerCreating or CreateContainerConfigError. ${ABSENT_IS_WARNING} ${FALSE_ALARMS}`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: web@sha256:…\n      env: [{ name: MODE, valueFrom: { configMapKeyRef: { name: settings, key: mode } } }]\n`,
);
export const SECRET_REF_MISSING = rule(
  'secret-ref-missing',
  'error',
  'Referenced Secret or key does not exist',
  `A pod template refers to a Secret (volume, projected volume, \`envFrom\`, \`env[].valueFrom.secretKeyRef\`, \`imagePullSecrets\`) or to a key of it that the input does not define, without \`optional: true\`. ${ABSENT_IS_WARNING} ${FALSE_ALARMS}`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: web@sha256:…\n      env: [{ name: DB_PASS, valueFrom: { secretKeyRef: { name: db, key: password } } }]\n`,
);
export const SELECTS_NOTHING = rule(
  'selector-matches-nothing',
  'warning',
  'PodDisruptionBudget or NetworkPolicy selects no pods; HPA target does not exist',
  `A PodDisruptionBudget's \`selector\` or a NetworkPolicy's non-empty \`podSelector\` matches no pod template of its namespace, so it protects nothing; or a HorizontalPodAutoscaler's \`scaleTargetRef\` names a workload that is not in the input. ${FALSE_ALARMS}`,
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: shop }\nspec:\n  minAvailable: 1\n  selector: { matchLabels: { app: wbe } }\n`,
);
export const HPA_CPU_WITHOUT_REQUESTS = rule(
  'hpa-cpu-without-requests',
  'error',
  'HPA scales on CPU utilization but containers have no CPU request',
  'Utilization is usage divided by the CPU request; when a container of the target has none, the HPA reports `missing request for cpu` and never scales. Checked for `autoscaling/v1` `targetCPUUtilizationPercentage`, `autoscaling/v2` Resource metrics of type Utilization, and v2 HPAs without metrics (their default is 80% CPU utilization).',
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web, namespace: shop }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }   # no resources.requests.cpu\n  minReplicas: 2\n  maxReplicas: 5\n  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } } }]\n`,
);
export const PDB_BLOCKS_EVICTION = rule(
  'pdb-blocks-eviction',
  'warning',
  'PodDisruptionBudget allows no voluntary eviction',
  '`maxUnavailable: 0` (or `0%`), `minAvailable: 100%`, or an integer `minAvailable` at least the replicas of the workloads it selects means no pod may ever be evicted: `kubectl drain` and node upgrades hang until someone deletes the budget. Guide 6.9.',
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: shop }\nspec:\n  minAvailable: 2     # the Deployment runs 2 replicas\n  selector: { matchLabels: { app: web } }\n`,
);
export const NETWORKPOLICY_UNCOVERED = rule(
  'networkpolicy-uncovered',
  'warning',
  'Pods not covered by any NetworkPolicy in a namespace that has some',
  'When a namespace has NetworkPolicies, a pod that none of them selects accepts traffic from everywhere: usually a missing label rather than a decision. Only namespaces with at least one NetworkPolicy in the input are checked. Guide 7.1.',
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n# a Deployment in shop labelled app: web is covered by no policy\n`,
);

/** Every cross-reference rule, in the order of the rules reference. */
export const RULES = [
  SERVICE_SELECTOR_UNMATCHED,
  TARGET_PORT_UNKNOWN,
  BACKEND_SERVICE_MISSING,
  BACKEND_PORT_MISSING,
  CONFIGMAP_REF_MISSING,
  SECRET_REF_MISSING,
  SELECTS_NOTHING,
  HPA_CPU_WITHOUT_REQUESTS,
  PDB_BLOCKS_EVICTION,
  NETWORKPOLICY_UNCOVERED,
];
