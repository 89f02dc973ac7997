/** Pod spec mutations of volumes and volume mounts (differential variants). */
import { type Mutation, type Obj, first, onContainer, onSpec, slug } from './pod-mutations.js';

function withVolume(name: string, volume: Obj, mount = true): Mutation {
  return onSpec('volumes', `volume-${name}`, (s) => {
    s['volumes'] = [{ name: 'data', ...volume }];
    if (mount) first(s)['volumeMounts'] = [{ name: 'data', mountPath: '/data' }];
  });
}

/** Volume and mount mutations. */
export function volumeMutations(): Mutation[] {
  const out: Mutation[] = [
    withVolume('empty-dir', { emptyDir: {} }),
    withVolume('no-source', {}),
    withVolume('empty-dir-size', { emptyDir: { sizeLimit: '1Gi' } }),
    withVolume('empty-dir-negative', { emptyDir: { sizeLimit: '-1Gi' } }),
    withVolume('two-sources', { emptyDir: {}, configMap: { name: 'cfg' } }),
    withVolume('three-sources', {
      secret: { secretName: 's' },
      configMap: { name: 'cfg' },
      downwardAPI: { items: [] },
    }),
    withVolume('host-path', { hostPath: { path: '/var/log' } }),
    withVolume('host-path-empty', { hostPath: { path: '' } }),
    withVolume('host-path-backstep', { hostPath: { path: '/var/../etc' } }),
    withVolume('host-path-type', { hostPath: { path: '/var/log', type: 'Directory' } }),
    withVolume('host-path-bad-type', { hostPath: { path: '/var/log', type: 'Folder' } }),
    withVolume('secret', { secret: { secretName: 'creds' } }),
    withVolume('secret-no-name', { secret: {} }),
    withVolume('secret-mode-max', { secret: { secretName: 's', defaultMode: 511 } }),
    withVolume('secret-mode-over', { secret: { secretName: 's', defaultMode: 512 } }),
    withVolume('secret-mode-negative', { secret: { secretName: 's', defaultMode: -1 } }),
    withVolume('config-map', { configMap: { name: 'cfg' } }),
    withVolume('config-map-no-name', { configMap: {} }),
    withVolume('config-map-items', {
      configMap: { name: 'cfg', items: [{ key: 'a', path: 'a.txt' }] },
    }),
    withVolume('config-map-item-no-key', {
      configMap: { name: 'cfg', items: [{ key: '', path: 'a' }] },
    }),
    withVolume('config-map-item-abs', {
      configMap: { name: 'cfg', items: [{ key: 'a', path: '/etc/a' }] },
    }),
    withVolume('config-map-item-dotdot', {
      configMap: { name: 'cfg', items: [{ key: 'a', path: '../a' }] },
    }),
    withVolume('config-map-item-dotdot-prefix', {
      configMap: { name: 'cfg', items: [{ key: 'a', path: '..a' }] },
    }),
    withVolume('config-map-item-mode', {
      configMap: { name: 'cfg', items: [{ key: 'a', path: 'a', mode: 1000 }] },
    }),
    withVolume('pvc', { persistentVolumeClaim: { claimName: 'data' } }),
    withVolume('pvc-no-claim', { persistentVolumeClaim: { claimName: '' } }),
    withVolume('csi', { csi: { driver: 'csi.example.com' } }),
    withVolume('csi-no-driver', { csi: { driver: '' } }),
    withVolume('nfs', { nfs: { server: 'nfs.example', path: '/export' } }),
    withVolume('nfs-relative', { nfs: { server: 'nfs.example', path: 'export' } }),
    withVolume('nfs-no-server', { nfs: { server: '', path: '/export' } }),
    withVolume('unmounted', { emptyDir: {} }, false),
  ];
  const names = ['data', 'Data', 'my.data', 'a'.repeat(63), 'a'.repeat(64), '-data', '1data'];
  names.forEach((n, i) =>
    out.push(
      onSpec('volumes', `volume-name-${i}-${slug(n)}`, (s) => {
        s['volumes'] = [{ name: n, emptyDir: {} }];
      }),
    ),
  );
  out.push(
    onSpec('volumes', 'volume-duplicate-name', (s) => {
      s['volumes'] = [
        { name: 'data', emptyDir: {} },
        { name: 'data', emptyDir: {} },
      ];
    }),
    onSpec('volumes', 'volume-no-name', (s) => {
      s['volumes'] = [{ emptyDir: {} }];
    }),
  );
  const mounts: [string, Obj[]][] = [
    ['unknown-volume', [{ name: 'nope', mountPath: '/x' }]],
    ['no-mount-path', [{ name: 'data', mountPath: '' }]],
    [
      'duplicate-path',
      [
        { name: 'data', mountPath: '/x' },
        { name: 'data', mountPath: '/x' },
      ],
    ],
    [
      'same-volume-two-paths',
      [
        { name: 'data', mountPath: '/x' },
        { name: 'data', mountPath: '/y' },
      ],
    ],
    ['sub-path', [{ name: 'data', mountPath: '/x', subPath: 'a/b' }]],
    ['sub-path-abs', [{ name: 'data', mountPath: '/x', subPath: '/a' }]],
    ['sub-path-backstep', [{ name: 'data', mountPath: '/x', subPath: 'a/../../b' }]],
    ['sub-path-expr', [{ name: 'data', mountPath: '/x', subPathExpr: '$(POD_NAME)' }]],
    ['sub-path-both', [{ name: 'data', mountPath: '/x', subPath: 'a', subPathExpr: 'b' }]],
    ['read-only', [{ name: 'data', mountPath: '/x', readOnly: true }]],
    ['relative-path', [{ name: 'data', mountPath: 'x' }]],
  ];
  for (const [name, volumeMounts] of mounts) {
    out.push(
      onContainer('volumes', `mount-${name}`, (c, s) => {
        s['volumes'] = [{ name: 'data', emptyDir: {} }];
        c['volumeMounts'] = volumeMounts;
      }),
    );
  }
  out.push(
    onContainer('volumes', 'mount-of-invalid-volume', (c, s) => {
      s['volumes'] = [{ name: 'data', hostPath: { path: '' } }];
      c['volumeMounts'] = [{ name: 'data', mountPath: '/x' }];
    }),
  );
  return out;
}
