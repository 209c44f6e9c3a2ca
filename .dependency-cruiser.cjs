/** Layering rules: no cycles; libs never reach into apps; apps never reach into each other. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'lib-imports-app',
      comment: 'A lib is shared by apps; it must not depend on one.',
      severity: 'error',
      from: { path: '^(libs|legacy-adapter)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'app-imports-other-app',
      comment: 'Apps talk over HTTP or change events; shared code belongs in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'legacy-names-stay-in-adapter',
      comment: 'Only the anti-corruption layer and the legacy sample may know the legacy schema.',
      severity: 'error',
      from: { pathNot: '^(legacy-adapter|apps/legacy-clinic)/' },
      to: { path: '^legacy-adapter/src/legacy/' },
    },
    {
      name: 'service-kit-knows-no-legacy',
      comment:
        "The service kit serves any carved-out service; the legacy API's contract (the clinic's error envelope, its body limit) lives in legacy-adapter and reaches the kit only as what a service passes in.",
      severity: 'error',
      from: { path: '^libs/service-kit/' },
      to: { path: '^(legacy-adapter|apps)/' },
    },
    {
      name: 'gateway-http-knows-no-migration',
      comment:
        "The gateway's HTTP plumbing carries any request the same way; which side serves it, and what is copied or replayed, is decided in migration/, routing/ and proxy/ around it.",
      severity: 'error',
      from: { path: '^apps/gateway/src/http/' },
      to: { path: '^apps/gateway/src/(migration|proxy|routing|parity|rollback|control|admin)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|node_modules)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
