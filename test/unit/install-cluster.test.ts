import { ADMIN_PASSWORD_ENV, buildMdmClusterSteps, type MdmClusterInput, mdmMembers } from '../../activities/install';
import { InputError } from '../../common/errors';

const REF = 'env:SCALEIO_PASSWORD';
const THREE: MdmClusterInput = {
  mode: 3,
  primaryIp: '10.0.0.1',
  managerIps: ['10.0.0.2'],
  tieBreakerIps: ['10.0.0.3'],
  systemName: 'scaleio',
  adminPasswordRef: REF,
};
const FIVE: MdmClusterInput = {
  ...THREE,
  mode: 5,
  managerIps: ['10.0.0.2', '10.0.0.4'],
  tieBreakerIps: ['10.0.0.3', '10.0.0.5'],
};

describe('buildMdmClusterSteps', () => {
  it('3-node: the old framework sequence with mdm1, mdm2 and tb', () => {
    const steps = buildMdmClusterSteps(THREE);
    expect(steps.map((s) => s.name)).toEqual([
      'mdm-cluster-create',
      'mdm-cluster-password',
      'mdm-cluster-add-mdm2',
      'mdm-cluster-add-tb',
      'mdm-cluster-mode',
      'mdm-cluster-rename',
    ]);
    const [create, password, mdm2, tb, mode, rename] = steps.map((s) => s.command);
    expect(create).toContain(
      'scli --create_mdm_cluster --master_mdm_ip 10.0.0.1 --master_mdm_management_ip 10.0.0.1 --master_mdm_name mdm1 --accept_license --approve_certificate'
    );
    expect(password).toContain('scli --set_password --old_password admin --new_password "$SCALEIO_ADMIN_PASSWORD"');
    expect(mdm2).toContain(
      'scli --add_standby_mdm --new_mdm_ip 10.0.0.2 --mdm_role manager --new_mdm_management_ip 10.0.0.2 --new_mdm_name mdm2'
    );
    expect(tb).toContain('scli --add_standby_mdm --new_mdm_ip 10.0.0.3 --mdm_role tb --new_mdm_name tb');
    expect(mode).toContain('scli --switch_cluster_mode --cluster_mode 3_node "$@"');
    expect(mode).toContain('pick mdm2');
    expect(rename).toContain('scli --rename_system --new_name scaleio');
  });

  it('every step queries first and carries the password only as a reference', () => {
    for (const s of buildMdmClusterSteps(THREE)) {
      expect(s.role).toBe('mdm-cluster');
      expect(s.secretEnv).toEqual({ [ADMIN_PASSWORD_ENV]: REF });
      expect(s.env).toEqual({});
      expect(s.command).not.toContain(REF);
      expect(s.command).toMatch(/query|scli_login 2>\/dev\/null/);
      expect(s.command).toMatch(/step_result false (exists|unchanged)/);
    }
  });

  it('5-node: two standby managers and two tie-breakers, switched to 5_node', () => {
    expect(mdmMembers(FIVE).map((m) => `${m.name}@${m.ip}`)).toEqual([
      'mdm2@10.0.0.2',
      'mdm3@10.0.0.4',
      'tb1@10.0.0.3',
      'tb2@10.0.0.5',
    ]);
    const mode = buildMdmClusterSteps(FIVE).find((s) => s.name === 'mdm-cluster-mode')!;
    expect(mode.command).toContain('--cluster_mode 5_node');
    expect(mode.command).toContain('pick mdm2 mdm3');
    expect(mode.command).toContain('pick tb1 tb2');
  });

  it('rejects a wrong member count, repeated IPs, bad names and references, naming the fields', () => {
    const fail = (input: MdmClusterInput, field: RegExp) => {
      expect(() => buildMdmClusterSteps(input)).toThrow(InputError);
      expect(() => buildMdmClusterSteps(input)).toThrow(field);
    };
    fail({ ...THREE, managerIps: ['10.0.0.2', '10.0.0.4'] }, /managerIps: must list 1 address for 3-node/);
    fail({ ...FIVE, tieBreakerIps: ['10.0.0.3'] }, /tieBreakerIps: must list 2 addresses/);
    fail({ ...THREE, tieBreakerIps: ['10.0.0.1'] }, /every MDM needs its own IP/);
    fail({ ...THREE, systemName: 'a b; reboot' }, /systemName/);
    fail({ ...THREE, primaryIp: '$(reboot)' }, /primaryIp/);
    fail({ ...THREE, adminPasswordRef: 'Scaleio123!' }, /adminPasswordRef/);
    fail({ ...THREE, mode: 4 as 3 }, /mode: must be 3 or 5/);
  });

  it('never echoes a rejected reference (it may be a password pasted by mistake)', () => {
    expect(() => buildMdmClusterSteps({ ...THREE, adminPasswordRef: 'Hunter2-secret' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('Hunter2') as unknown })
    );
  });
});
