// Kustomize layouts in the shapes people use, written by the tests into a
// temporary repository: argoproj/argocd-example-apps' kustomize-guestbook (a
// namePrefix over two files) and an ldap app with a base, a component and two
// overlays (namePrefix, namespace, commonLabels, configMapGenerator and
// secretGenerator with hash suffixes, strategic and JSON 6902 patches,
// images overrides).

export const LDAP_ADMIN_PASSWORD = 'ldap-Adm1n-s3cret-never-shown';

export const GUESTBOOK: Record<string, string> = {
  'kustomize-guestbook/kustomization.yaml': `namePrefix: kustomize-

resources:
- guestbook-ui-deployment.yaml
- guestbook-ui-svc.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
`,
  'kustomize-guestbook/guestbook-ui-deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: guestbook-ui
spec:
  replicas: 1
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      app: guestbook-ui
  template:
    metadata:
      labels:
        app: guestbook-ui
    spec:
      containers:
        - image: gcr.io/google-samples/gb-frontend:v5
          name: guestbook-ui
          ports:
            - containerPort: 80
`,
  'kustomize-guestbook/guestbook-ui-svc.yaml': `apiVersion: v1
kind: Service
metadata:
  name: guestbook-ui
spec:
  ports:
  - port: 80
    targetPort: 80
  selector:
    app: guestbook-ui
`,
};

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ldap
spec:
  replicas: 2
  selector:
    matchLabels:
      component: server
  template:
    metadata:
      labels:
        component: server
    spec:
      containers:
      - name: ldap
        image: osixia/openldap:1.5.0
        envFrom:
        - configMapRef:
            name: ldap-config
        - secretRef:
            name: ldap-admin
        ports:
        - containerPort: 389
          name: ldap
`;

export const LDAP: Record<string, string> = {
  'ldap/base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
commonLabels:
  app: ldap
resources:
- deployment.yaml
- service.yaml
configMapGenerator:
- name: ldap-config
  literals:
  - LDAP_ORGANISATION=Example
  - LDAP_DOMAIN=example.com
secretGenerator:
- name: ldap-admin
  literals:
  - LDAP_ADMIN_PASSWORD=${LDAP_ADMIN_PASSWORD}
`,
  'ldap/base/deployment.yaml': DEPLOYMENT,
  'ldap/base/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: ldap
spec:
  selector:
    component: server
  ports:
  - port: 389
    targetPort: ldap
`,
  'ldap/components/metrics/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
- target:
    kind: Deployment
    name: ldap
  patch: |-
    - op: add
      path: /spec/template/metadata/annotations
      value:
        prometheus.io/scrape: "true"
`,
  'ldap/overlays/staging/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namePrefix: staging-
namespace: ldap-staging
resources:
- namespace.yaml
- ../../base
patches:
- path: replicas.yaml
images:
- name: osixia/openldap
  newTag: 1.5.0-staging
`,
  'ldap/overlays/staging/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ldap-staging\n',
  'ldap/overlays/staging/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ldap\nspec:\n  replicas: 1\n',
  'ldap/overlays/production/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namePrefix: prod-
namespace: ldap-prod
commonLabels:
  env: production
resources:
- namespace.yaml
- ../../base
components:
- ../../components/metrics
patches:
- path: resources.yaml
- target:
    group: apps
    version: v1
    kind: Deployment
    name: ldap
  path: replicas-6902.yaml
configMapGenerator:
- name: ldap-config
  behavior: merge
  literals:
  - LDAP_LOG_LEVEL=256
images:
- name: osixia/openldap
  newName: registry.example.com/openldap
  newTag: 1.5.0-prod
`,
  'ldap/overlays/production/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ldap-prod\n',
  'ldap/overlays/production/resources.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ldap
spec:
  template:
    spec:
      containers:
      - name: ldap
        resources:
          limits:
            memory: 512Mi
`,
  'ldap/overlays/production/replicas-6902.yaml': '- op: replace\n  path: /spec/replicas\n  value: 3\n',
};
