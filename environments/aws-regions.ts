/** AWS commercial regions this project may deploy to (data, kept in sync with the AWS region list). */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

/**
 * Availability Zone letters of each region (`eu-west-1` + `a` = `eu-west-1a`), so a configured AZ that does not exist
 * fails at synth rather than at apply. Compiled 2026-12-01 from:
 * - the AWS documentation "AWS Availability Zones" (docs.aws.amazon.com/global-infrastructure/latest/regions/
 *   aws-availability-zones.html): the AZ IDs of every region, i.e. how many AZs it has;
 * - `aws ec2 describe-availability-zones` of one account in every region (zone name per AZ ID), as published in a
 *   public repository's generated Terraform data; it shows e.g. `ca-central-1d` (no `c`) and `ap-northeast-1` without
 *   `b`.
 * In the regions AWS maps independently per account ("Regions with independently mapped Availability Zones" in the
 * same documentation: us-east-1, us-west-1, us-west-2, ap-northeast-1, ap-southeast-1, ap-southeast-2, eu-west-1,
 * sa-east-1, for accounts created before November 2025), a letter here can name a different physical AZ, or none, in
 * a given account: the list holds every letter any account can see (e.g. `us-west-1` has two AZs, seen as a+b, a+c or
 * b+c; `ap-northeast-1b` exists only for older accounts). Confirm with
 * `aws ec2 describe-availability-zones --region <region>` in the environment's account before the first apply.
 * Local Zones and Wavelength Zones (`us-east-1-bos-1a`) are not AZs and are refused.
 */
export const AVAILABILITY_ZONE_LETTERS: Readonly<Record<AwsRegion, string>> = {
  'af-south-1': 'abc',
  'ap-east-1': 'abc',
  'ap-east-2': 'abc',
  'ap-northeast-1': 'abcd',
  'ap-northeast-2': 'abcd',
  'ap-northeast-3': 'abc',
  'ap-south-1': 'abc',
  'ap-south-2': 'abc',
  'ap-southeast-1': 'abc',
  'ap-southeast-2': 'abc',
  'ap-southeast-3': 'abc',
  'ap-southeast-4': 'abc',
  'ap-southeast-5': 'abc',
  'ap-southeast-7': 'abc',
  'ca-central-1': 'abd',
  'ca-west-1': 'abc',
  'eu-central-1': 'abc',
  'eu-central-2': 'abc',
  'eu-north-1': 'abc',
  'eu-south-1': 'abc',
  'eu-south-2': 'abc',
  'eu-west-1': 'abc',
  'eu-west-2': 'abc',
  'eu-west-3': 'abc',
  'il-central-1': 'abc',
  'me-central-1': 'abc',
  'me-south-1': 'abc',
  'mx-central-1': 'abc',
  'sa-east-1': 'abc',
  'us-east-1': 'abcdef',
  'us-east-2': 'abc',
  'us-west-1': 'abc',
  'us-west-2': 'abcd',
};

/** The AZ names of a region, e.g. `['eu-west-1a', 'eu-west-1b', 'eu-west-1c']`. */
export function availabilityZonesOf(region: AwsRegion): string[] {
  return [...AVAILABILITY_ZONE_LETTERS[region]].map((letter) => `${region}${letter}`);
}
