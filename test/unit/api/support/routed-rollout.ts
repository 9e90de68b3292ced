// The canary Rollout the reference-rule tests route: the same 24 lines in every one, so a test's
// expected line numbers stay those of this text. `canary:` is on line 18, the Services on 19-20,
// `trafficRouting:` on 21 and its body from line 22.
export function routedRollout(
  trafficRouting: string,
  services = 'canaryService: web-canary\n      stableService: web-stable',
): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
  strategy:
    canary:
      ${services}
      trafficRouting:
${trafficRouting.replace(/^/gm, '        ')}
      steps:
        - setWeight: 20
`;
}
