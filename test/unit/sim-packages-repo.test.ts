import { type PackageRepo, parsePackage, sha256, startPackageRepo } from '../../sim/packages';

describe('simulated package repository', () => {
  let repo: PackageRepo;
  beforeAll(async () => {
    repo = await startPackageRepo();
  });
  afterAll(() => repo.close());
  afterEach(() => repo.faults.clear());

  const get = async (url: string) => {
    const r = await fetch(url);
    return { status: r.status, text: await r.text() };
  };

  it('serves vendor-named ScaleIO packages for deb and rpm at both default versions', async () => {
    const names = (await get(repo.dirs.scaleio)).text.split('\n');
    for (const v of ['2.0-10000.2072', '2.0-12000.122']) {
      expect(names).toEqual(
        expect.arrayContaining([
          `EMC-ScaleIO-mdm-${v}.Ubuntu.14.04.x86_64.deb`,
          `EMC-ScaleIO-sdc-${v}.Ubuntu.16.04.x86_64.deb`,
          `emc-scaleio-gateway_${v}_amd64.deb`,
          `EMC-ScaleIO-lia-${v}.el7.x86_64.rpm`,
          `EMC-ScaleIO-gateway-${v}.x86_64.rpm`,
        ])
      );
    }
    const mdm = await get(repo.fileUrl('EMC-ScaleIO-mdm-2.0-10000.2072.el7.x86_64.rpm'));
    const parsed = parsePackage(mdm.text);
    expect(parsed).toMatchObject({
      ok: true,
      header: { name: 'EMC-ScaleIO-mdm', version: '2.0-10000.2072', role: 'mdm', format: 'rpm' },
    });
    expect((await get(repo.fileUrl('libmesos_dvdi_isolator-1.0.1.so'))).status).toBe(200);
    expect((await get(repo.fileUrl('rexray_0.6.3_amd64.deb'))).status).toBe(200);
  });

  it('lists a SHA-256 per file that matches the served content', async () => {
    const sums = (await get(`${repo.dirs.rexray}SHA256SUMS`)).text;
    const file = 'rexray-0.6.3.x86_64.rpm';
    const body = (await get(repo.fileUrl(file))).text;
    expect(sums).toContain(`${sha256(body)}  ${file}\n`);
  });

  it('injects corrupt files, 404s and rejected versions', async () => {
    const file = 'EMC-ScaleIO-sds-2.0-12000.122.el7.x86_64.rpm';
    repo.faults.corrupt(file, 'checksum');
    expect(parsePackage((await get(repo.fileUrl(file))).text)).toEqual({ ok: false, problem: 'bad-payload' });
    repo.faults.corrupt(file, 'bad-magic');
    expect(parsePackage((await get(repo.fileUrl(file))).text)).toEqual({ ok: false, problem: 'bad-magic' });
    repo.faults.clear();
    repo.faults.notFound(file);
    expect((await get(repo.fileUrl(file))).status).toBe(404);
    repo.faults.clear();
    repo.faults.rejectVersion('2.0-12000.122');
    expect((await get(repo.fileUrl('EMC-ScaleIO-mdm-2.0-12000.122.el7.x86_64.rpm'))).status).toBe(404);
    expect((await get(repo.dirs.scaleio)).text).not.toContain('12000.122');
    expect((await get(repo.fileUrl('EMC-ScaleIO-mdm-2.0-10000.2072.el7.x86_64.rpm'))).status).toBe(200);
    expect(repo.downloads('EMC-ScaleIO-mdm-2.0-12000.122.el7.x86_64.rpm')).toBe(0);
  });

  it('refuses bad options with the field named', async () => {
    await expect(startPackageRepo({ scaleioVersions: ['2.0 bad'] })).rejects.toThrow(/scaleioVersions/);
  });
});
