import { EksNodeGroup, type EksNodeGroupProps } from '../../../constructs/compute/eks-node-group';
import { KmsKey } from '../../../constructs/security/kms-key';
import { type TerraformJson, resourceAt, synthStack, testStack } from '../../helpers';

function build(props: Partial<EksNodeGroupProps> = {}): TerraformJson {
  const stack = testStack();
  const rootVolumeKmsKey = new KmsKey(stack, 'key', { alias: 'test-eks', description: 'test' });
  new EksNodeGroup(stack, 'nodes', {
    name: 'system',
    cluster: { clusterName: 'test-eks', kubernetesVersion: '1.35' },
    nodeRoleArn: 'arn:aws:iam::111111111111:role/test-eks-node',
    subnetIds: ['subnet-a', 'subnet-b'],
    securityGroupIds: ['sg-nodes'],
    rootVolumeKmsKey,
    instanceTypes: ['m7i.large'],
    minSize: 1,
    desiredSize: 2,
    maxSize: 3,
    ...props,
  });
  return synthStack(stack);
}

describe('EksNodeGroup', () => {
  describe('creates a node group with minimal props', () => {
    let json: TerraformJson;
    let template: TerraformJson;
    let group: TerraformJson;
    beforeAll(() => {
      json = build();
      template = resourceAt(json, 'aws_launch_template', 'nodes/launch-template');
      group = resourceAt(json, 'aws_eks_node_group', 'nodes/node-group');
    });

    it('requiring IMDSv2 with a hop limit of 1 and no instance metadata tags', () => {
      expect(template.metadata_options).toEqual({
        http_endpoint: 'enabled',
        http_tokens: 'required',
        http_put_response_hop_limit: 1,
        instance_metadata_tags: 'disabled',
      });
    });

    it('with a 50 GiB encrypted gp3 root volume under the given key', () => {
      expect(template.block_device_mappings).toEqual([
        {
          device_name: '/dev/xvda',
          ebs: {
            volume_size: 50,
            volume_type: 'gp3',
            encrypted: 'true',
            kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]{8}\.arn\}$/),
            delete_on_termination: 'true',
          },
        },
      ]);
    });

    it('without an SSH key, remote access or a public IP, only the node security groups', () => {
      expect(template.key_name).toBeUndefined();
      expect(template.network_interfaces).toBeUndefined();
      expect(template.vpc_security_group_ids).toEqual(['sg-nodes']);
      expect(group.remote_access).toBeUndefined();
    });

    it('on AL2023 x86_64, on-demand, following the cluster version, in the given subnets', () => {
      expect(group).toMatchObject({
        cluster_name: 'test-eks',
        node_group_name_prefix: 'system-',
        version: '1.35',
        ami_type: 'AL2023_x86_64_STANDARD',
        capacity_type: 'ON_DEMAND',
        instance_types: ['m7i.large'],
        subnet_ids: ['subnet-a', 'subnet-b'],
        scaling_config: { min_size: 1, desired_size: 2, max_size: 3 },
        update_config: { max_unavailable_percentage: 33 },
        lifecycle: { create_before_destroy: true },
      });
      expect(group.launch_template.id).toMatch(/^\$\{aws_launch_template\.nodes_launch-template_[0-9A-F]{8}\.id\}$/);
      expect(group.launch_template.version).toMatch(/latest_version/);
      expect(group.disk_size).toBeUndefined();
    });
  });

  it('applies all props: ARM AMI, disk size, hop limit 2, labels', () => {
    const json = build({ amiType: 'AL2023_ARM_64_STANDARD', instanceTypes: ['m7g.large'], diskSizeGib: 100, metadataHopLimit: 2, labels: { role: 'vault' } });
    const template = resourceAt(json, 'aws_launch_template', 'nodes/launch-template');
    expect(template.metadata_options.http_put_response_hop_limit).toBe(2);
    expect(template.block_device_mappings[0].ebs.volume_size).toBe(100);
    expect(resourceAt(json, 'aws_eks_node_group', 'nodes/node-group')).toMatchObject({ ami_type: 'AL2023_ARM_64_STANDARD', labels: { role: 'vault' } });
  });

  describe('fails', () => {
    it('when min <= desired <= max does not hold', () => {
      expect(() => build({ minSize: 3, desiredSize: 2, maxSize: 4 })).toThrow('test/nodes: expected minSize <= desiredSize <= maxSize, got 3 / 2 / 4');
    });

    it('when the disk is smaller than 20 GiB', () => {
      expect(() => build({ diskSizeGib: 10 })).toThrow('test/nodes: diskSizeGib: expected 20-1000 GiB, got 10');
    });

    it('when x86 instance types meet an ARM AMI', () => {
      expect(() => build({ amiType: 'AL2023_ARM_64_STANDARD' })).toThrow(
        'test/nodes: instanceTypes: m7i.large are not Graviton (arm64) types; amiType AL2023_ARM_64_STANDARD needs arm64 instances',
      );
    });

    it('when the hop limit is above 2 and there are no subnets, reporting both', () => {
      expect(() => build({ metadataHopLimit: 3 as 1, subnetIds: [] })).toThrow(
        'test/nodes: metadataHopLimit: expected 1 or 2, got 3; subnetIds: expected at least one private subnet',
      );
    });

    it('when an instance type is malformed', () => {
      expect(() => build({ instanceTypes: ['large'] })).toThrow('test/nodes: instanceTypes: expected an EC2 instance type such as m7i.large, got "large"');
    });
  });
});
