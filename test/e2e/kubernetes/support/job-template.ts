// An AnalysisTemplate with one job metric (its Job runs `check <hash>`); kwok completes its pod as a test says.
export const jobTemplate = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name: 'check' },
  spec: {
    args: [{ name: 'hash' }],
    metrics: [
      {
        name: 'check',
        provider: {
          job: {
            spec: {
              backoffLimit: 0,
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [{ name: 'check', image: 'registry.local/check:1', command: ['check', '{{args.hash}}'] }],
                },
              },
            },
          },
        },
      },
    ],
  },
};
