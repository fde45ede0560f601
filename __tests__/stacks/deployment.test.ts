import { deploymentSettingsFromEnv } from '../../stacks/deployment';

describe('deploymentSettingsFromEnv', () => {
  it('defaults to HCP Terraform with the organization and project of each environment', () => {
    expect(deploymentSettingsFromEnv({})).toEqual({ state: 'cloud' });
    expect(deploymentSettingsFromEnv({ TF_CLOUD_ORGANIZATION: '', TF_CLOUD_PROJECT: '' })).toEqual({ state: 'cloud' });
  });

  it('reads local state mode and fork overrides', () => {
    expect(deploymentSettingsFromEnv({ VAULTPLAT_STATE: 'local', TF_CLOUD_ORGANIZATION: 'my-fork', TF_CLOUD_PROJECT: 'Vault Fork' })).toEqual({
      state: 'local',
      organization: 'my-fork',
      project: 'Vault Fork',
    });
  });

  it('fails on invalid values, naming each variable', () => {
    expect(() => deploymentSettingsFromEnv({ VAULTPLAT_STATE: 's3', TF_CLOUD_ORGANIZATION: 'a b', TF_CLOUD_PROJECT: 'x' })).toThrow(
      [
        'Invalid deployment settings:',
        '  - VAULTPLAT_STATE: expected "cloud" or "local", got "s3"',
        '  - TF_CLOUD_ORGANIZATION: expected 3-40 letters, digits, _ or -, got "a b"',
        '  - TF_CLOUD_PROJECT: expected 3-40 letters, digits, spaces, _ or -, got "x"',
      ].join('\n'),
    );
  });
});
